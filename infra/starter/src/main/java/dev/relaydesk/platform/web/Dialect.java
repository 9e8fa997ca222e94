package dev.relaydesk.platform.web;

import java.util.Locale;

/** The API dialects Relaydesk serves, told apart by path; each has its own error shape. */
public enum Dialect {
    /** {@code /api/<Method>}: plain-text error messages. */
    JITBIT,
    /** {@code /api/v1/...}: {@code {"error", "error_human"}}. */
    V1,
    /** {@code /api/v2/...}: {@code {"errors":[{"code","title","details"}]}}. */
    V2,
    /** {@code /api/<snake_method>/}: plain text. */
    LEGACY,
    /** Relaydesk's own JSON APIs (webhooks, automation, platform): RFC 9457 problem details. */
    PLATFORM;

    public static Dialect of(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.startsWith("/api/v1/") || p.equals("/api/v1")) {
            return V1;
        }
        if (p.startsWith("/api/v2/") || p.equals("/api/v2")) {
            return V2;
        }
        if (p.startsWith("/api/")) {
            String method = p.substring(5);
            return method.endsWith("/") && method.indexOf('_') > 0 && method.indexOf('/') == method.length() - 1
                    ? LEGACY
                    : JITBIT;
        }
        if (p.startsWith("/user/") || p.startsWith("/file/") || p.startsWith("/kb/")) {
            return JITBIT;
        }
        return PLATFORM;
    }
}

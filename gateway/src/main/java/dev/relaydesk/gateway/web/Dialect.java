package dev.relaydesk.gateway.web;

/**
 * The API dialects, told apart by path exactly as the services tell them apart, so that an error the gateway answers
 * has the same shape as one the owning service would have answered.
 */
public enum Dialect {
    /** {@code /api/<Method>} and the Jitbit paths outside {@code /api}: plain-text messages. */
    JITBIT,
    /** {@code /api/v1/...}: {@code {"error", "error_human"}}. */
    V1,
    /** {@code /api/v2/...}: {@code {"errors":[{"code","title","details"}]}}. */
    V2,
    /** {@code /api/<snake_method>/}: plain text. */
    LEGACY,
    /** Relaydesk's own JSON APIs and everything else: RFC 9457 problem details. */
    PLATFORM;

    public static Dialect of(String path) {
        if (startsWithIgnoreCase(path, "/api/v1/") || path.equalsIgnoreCase("/api/v1")) {
            return V1;
        }
        if (startsWithIgnoreCase(path, "/api/v2/") || path.equalsIgnoreCase("/api/v2")) {
            return V2;
        }
        if (startsWithIgnoreCase(path, "/api/") || path.equalsIgnoreCase("/api")) {
            String method = path.length() > 5 ? path.substring(5) : "";
            return method.endsWith("/") && method.indexOf('_') > 0 && method.indexOf('/') == method.length() - 1
                    ? LEGACY
                    : JITBIT;
        }
        if (startsWithIgnoreCase(path, "/user/")
                || startsWithIgnoreCase(path, "/file/")
                || startsWithIgnoreCase(path, "/kb/")) {
            return JITBIT;
        }
        return PLATFORM;
    }

    static boolean startsWithIgnoreCase(String value, String prefix) {
        return value.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}

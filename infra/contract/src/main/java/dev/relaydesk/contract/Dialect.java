package dev.relaydesk.contract;

/**
 * The API dialects Relaydesk serves, told apart by path; each has its own error shape. The gateway and the services
 * decide with this one rule, so a client cannot tell whether the gateway or the service refused it.
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

    private static boolean startsWithIgnoreCase(String value, String prefix) {
        return value.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}

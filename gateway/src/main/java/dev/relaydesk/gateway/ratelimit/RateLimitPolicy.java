package dev.relaydesk.gateway.ratelimit;

import dev.relaydesk.gateway.config.GatewayProperties;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Which limit applies to a call: by tenant (overrides, or none at all) and by method (search or not). */
public final class RateLimitPolicy {

    /** A tenant's two limits, or null for a tenant without limits. */
    record Limits(int perMinute, int searchPerMinute) {}

    private final Limits defaults;
    private final boolean disabled;
    private final Map<String, Limits> tenants = new HashMap<>();
    private final Set<String> searchPaths;

    public RateLimitPolicy(GatewayProperties.RateLimits settings) {
        this.disabled = settings.disabled();
        this.defaults = new Limits(settings.defaultPerMinute(), settings.searchPerMinute());
        settings.tenants()
                .forEach((tenant, override) -> tenants.put(
                        tenant.toLowerCase(Locale.ROOT),
                        override.disabled()
                                ? null
                                : new Limits(
                                        override.perMinute() != null ? override.perMinute() : defaults.perMinute(),
                                        override.searchPerMinute() != null
                                                ? override.searchPerMinute()
                                                : defaults.searchPerMinute())));
        this.searchPaths = settings.searchMethods().stream()
                .map(method -> "/api/" + method.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The limits of the tenant, null when it has none. */
    Limits limitsOf(String tenant) {
        if (disabled) {
            return null;
        }
        if (tenants.isEmpty() || !tenants.containsKey(tenant)) {
            return defaults;
        }
        return tenants.get(tenant);
    }

    /** Whether the (prefix-stripped) path calls a search method: {@code /api/Search}, {@code /api/userbyemail/}... */
    boolean isSearch(String path) {
        if (path.length() < 5 || !path.regionMatches(true, 0, "/api/", 0, 5)) {
            return false;
        }
        int end = path.indexOf('/', 5);
        String method = (end < 0 ? path : path.substring(0, end)).toLowerCase(Locale.ROOT);
        return searchPaths.contains(method);
    }
}

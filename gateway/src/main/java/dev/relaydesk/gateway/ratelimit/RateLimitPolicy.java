package dev.relaydesk.gateway.ratelimit;

import dev.relaydesk.gateway.config.GatewayProperties;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.util.MultiValueMap;

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

    /**
     * Whether the (prefix-stripped) call is a search, counted against the search limit in every dialect: a configured
     * primary-dialect method ({@code /api/Search}, {@code /api/userbyemail/}), a v1 search resource
     * ({@code /api/v1/tickets/search}, {@code /api/v1/users/search}...) or a v2 listing with a {@code search} filter
     * ({@code /api/v2/tickets?search=John}).
     */
    boolean isSearch(String path, MultiValueMap<String, String> query) {
        if (path.length() < 5 || !path.regionMatches(true, 0, "/api/", 0, 5)) {
            return false;
        }
        if (path.regionMatches(true, 5, "v1/", 0, 3)) {
            String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            return trimmed.regionMatches(true, trimmed.length() - 7, "/search", 0, 7);
        }
        if (path.regionMatches(true, 5, "v2/", 0, 3)) {
            String search = query.getFirst("search");
            return search != null && !search.isBlank();
        }
        int end = path.indexOf('/', 5);
        String method = (end < 0 ? path : path.substring(0, end)).toLowerCase(Locale.ROOT);
        return searchPaths.contains(method);
    }
}

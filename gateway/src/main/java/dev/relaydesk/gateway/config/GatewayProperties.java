package dev.relaydesk.gateway.config;

import dev.relaydesk.contract.TenantId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the gateway can be told, under {@code relaydesk.gateway}. Bound and checked when the gateway starts
 * (including that every service the routing table names has a base URL and that no method has two owners), so a
 * misconfigured gateway stops with a message instead of misrouting its first request.
 *
 * @param pathPrefix an optional prefix such as {@code /helpdesk} that is stripped before routing, so that
 *     {@code /helpdesk/api/Tickets} works like {@code /api/Tickets}; unset or empty strips nothing
 * @param tenancy how the tenant of a request is found
 * @param services base URL of every service, by service name ({@code ticket-service: http://127.0.0.1:8082})
 * @param routing which service owns which method, resource and path (data, readable by operators)
 * @param authentication how callers' credentials are verified and cached
 * @param token how the internal token forwarded to the services is minted
 */
@Validated
@ConfigurationProperties("relaydesk.gateway")
public record GatewayProperties(
        @Pattern(regexp = "(/[A-Za-z0-9._~-]+)*", message = "must look like /helpdesk (no trailing slash)")
                String pathPrefix,
        @Valid @DefaultValue Tenancy tenancy,
        @NotEmpty Map<String, @NotNull URI> services,
        @Valid @DefaultValue Routing routing,
        @Valid @DefaultValue Authentication authentication,
        @Valid @DefaultValue Token token) {

    /** What a tenant slug looks like: the first label of a host name. */
    public static final String TENANT_SLUG = TenantId.SLUG;

    public GatewayProperties {
        pathPrefix = pathPrefix == null || pathPrefix.isBlank() ? "" : pathPrefix;
        services = services == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(services));
        List<String> problems = routing.problems(services.keySet());
        if (!services.containsKey(authentication.verifyService())) {
            problems.add("relaydesk.gateway.authentication.verify-service names '" + authentication.verifyService()
                    + "', which has no relaydesk.gateway.services entry");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /**
     * How the tenant of a request is found (host label, then header if enabled, then the default).
     *
     * @param headerEnabled whether the tenant may be named in a request header when the host does not name one; off
     *     by default, because it lets any caller pick a tenant (enable it only behind a proxy that sets the header)
     * @param header the header that names the tenant
     * @param defaultTenant the tenant of requests whose host and header name none (a single-tenant deployment)
     */
    public record Tenancy(
            @DefaultValue("false") boolean headerEnabled,
            @DefaultValue("X-Tenant") @NotBlank String header,
            @DefaultValue("default") @Pattern(regexp = TENANT_SLUG, message = "must be a tenant slug")
                    String defaultTenant) {}

    /**
     * The routing table. Every map is keyed by service name; names and resources are matched case-insensitively.
     *
     * @param methods Jitbit-dialect methods, {@code /api/<Method>} and {@code /api/<Method>/<id>}
     * @param parameterRouted Jitbit-dialect methods whose owner depends on a parameter (such as {@code CustomFields}
     *     by {@code type}), by method name
     * @param v1Resources first path segment after {@code /api/v1/}
     * @param v2Resources first path segment after {@code /api/v2/}
     * @param legacyMethods form-POST methods {@code /api/<snake_method>/} (django-helpdesk dialect), exact lowercase
     * @param paths path patterns outside {@code /api} (Spring path patterns, case-insensitive, such as
     *     {@code /KB/View/**})
     */
    public record Routing(
            Map<String, List<String>> methods,
            Map<String, @Valid ParameterRoute> parameterRouted,
            Map<String, List<String>> v1Resources,
            Map<String, List<String>> v2Resources,
            Map<String, List<String>> legacyMethods,
            Map<String, List<String>> paths) {

        public Routing {
            methods = orEmpty(methods);
            parameterRouted = parameterRouted == null ? Map.of() : Map.copyOf(parameterRouted);
            v1Resources = orEmpty(v1Resources);
            v2Resources = orEmpty(v2Resources);
            legacyMethods = orEmpty(legacyMethods);
            paths = orEmpty(paths);
        }

        List<String> problems(Set<String> services) {
            List<String> problems = new ArrayList<>();
            checkTable("methods", methods, services, problems);
            checkTable("v1-resources", v1Resources, services, problems);
            checkTable("v2-resources", v2Resources, services, problems);
            checkTable("legacy-methods", legacyMethods, services, problems);
            checkTable("paths", paths, services, problems);
            Map<String, String> methodOwners = owners(methods);
            parameterRouted.forEach((method, route) -> {
                if (methodOwners.containsKey(method.toLowerCase(Locale.ROOT))) {
                    problems.add("routing: method '" + method + "' is both in methods and parameter-routed");
                }
                route.values().values().stream()
                        .filter(service -> !services.contains(service))
                        .forEach(service -> problems.add("routing.parameter-routed." + method + " names service '"
                                + service + "', which has no relaydesk.gateway.services entry"));
                if (!services.contains(route.defaultService())) {
                    problems.add("routing.parameter-routed." + method + ".default-service names '"
                            + route.defaultService() + "', which has no relaydesk.gateway.services entry");
                }
            });
            return problems;
        }

        private static void checkTable(
                String name, Map<String, List<String>> table, Set<String> services, List<String> problems) {
            Map<String, String> seen = new LinkedHashMap<>();
            table.forEach((service, entries) -> {
                if (!services.contains(service)) {
                    problems.add("routing." + name + " names service '" + service
                            + "', which has no relaydesk.gateway.services entry");
                }
                for (String entry : entries) {
                    String previous = seen.put(entry.toLowerCase(Locale.ROOT), service);
                    if (previous != null && !previous.equals(service)) {
                        problems.add("routing." + name + ": '" + entry + "' is owned by both " + previous + " and "
                                + service);
                    }
                }
            });
        }

        /** Entry (lowercase) to owning service, for one table. */
        public static Map<String, String> owners(Map<String, List<String>> table) {
            Map<String, String> owners = new LinkedHashMap<>();
            table.forEach((service, entries) ->
                    entries.forEach(entry -> owners.put(entry.toLowerCase(Locale.ROOT), service)));
            return owners;
        }

        private static Map<String, List<String>> orEmpty(Map<String, List<String>> table) {
            if (table == null) {
                return Map.of();
            }
            Map<String, List<String>> copy = new LinkedHashMap<>();
            table.forEach((service, entries) -> copy.put(service, entries == null ? List.of() : List.copyOf(entries)));
            return Collections.unmodifiableMap(copy);
        }
    }

    /**
     * A method whose owner is chosen by one of its parameters.
     *
     * @param parameter the parameter's name (matched case-insensitively, in the query string or a form body)
     * @param defaultService the owner when the parameter is missing
     * @param values the owner by parameter value
     */
    public record ParameterRoute(
            @NotBlank String parameter, @NotBlank String defaultService, Map<String, String> values) {

        public ParameterRoute {
            values = values == null ? Map.of() : Map.copyOf(values);
        }
    }

    /**
     * How callers' credentials are checked with the service that owns them, and for how long a success is trusted.
     *
     * @param verifyService the service that verifies credentials
     * @param verifyPath its credential-verification endpoint
     * @param verifyTimeout how long to wait for it before answering 503
     * @param cacheTtl how long a verified credential is trusted without asking again
     * @param cacheMaximumSize how many verified credentials are kept at most
     * @param realm the realm named in {@code WWW-Authenticate}
     */
    public record Authentication(
            @DefaultValue("user-service") String verifyService,
            @DefaultValue("/internal/credentials/verify") @Pattern(regexp = "/.*") String verifyPath,
            @DefaultValue("5s") @NotNull Duration verifyTimeout,
            @DefaultValue("60s") @NotNull Duration cacheTtl,
            @DefaultValue("100000") @Positive long cacheMaximumSize,
            @DefaultValue("Relaydesk") @Pattern(regexp = "[^\"\\\\]+") String realm) {}

    /**
     * How the internal token that services trust is signed and for how long it is valid and reused.
     *
     * @param signingKey a PKCS#8 PEM RSA private key ({@code -----BEGIN PRIVATE KEY-----}); when unset the gateway
     *     makes an ephemeral key at start, which services learn from the JWKS endpoint but which changes with every
     *     restart and differs between replicas
     * @param issuer the {@code iss} claim
     * @param audience the {@code aud} claim
     * @param ttl how long a minted token is valid
     * @param renewBefore a cached token is minted again when less than this is left of it
     * @param cacheMaximumSize how many minted tokens are kept for reuse at most
     */
    public record Token(
            Resource signingKey,
            @DefaultValue("relaydesk-gateway") @NotBlank String issuer,
            @DefaultValue("relaydesk-services") @NotBlank String audience,
            @DefaultValue("5m") @NotNull Duration ttl,
            @DefaultValue("1m") @NotNull Duration renewBefore,
            @DefaultValue("100000") @Positive long cacheMaximumSize) {

        public Token {
            if (ttl != null && renewBefore != null && (renewBefore.isNegative() || renewBefore.compareTo(ttl) >= 0)) {
                throw new IllegalArgumentException(
                        "relaydesk.gateway.token.renew-before must be at least 0 and shorter than token.ttl");
            }
        }

        /** How long a minted token is handed out again. */
        public Duration reuseFor() {
            return ttl.minus(renewBefore);
        }
    }
}

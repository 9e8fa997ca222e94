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
 * @param trustedProxies addresses ({@code 10.0.0.7}) or CIDR ranges ({@code 10.0.0.0/8}) of proxies whose
 *     {@code X-Forwarded-For} is believed: for a connection from one of them the client is the header's first entry;
 *     empty (the default) means the connection's remote address is the client
 * @param lockout the login lock-out per client IP
 * @param rateLimits the rate limits per tenant and user
 * @param redis where lock-out state and rate-limit buckets are shared between replicas (unset: in memory)
 * @param events the Kafka topics the gateway reads and writes
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
        @Valid @DefaultValue Token token,
        List<@NotBlank String> trustedProxies,
        @Valid @DefaultValue Lockout lockout,
        @Valid @DefaultValue RateLimits rateLimits,
        @Valid @DefaultValue Redis redis,
        @Valid @DefaultValue Events events) {

    /** What a tenant slug looks like: the first label of a host name. */
    public static final String TENANT_SLUG = TenantId.SLUG;

    public GatewayProperties {
        pathPrefix = pathPrefix == null || pathPrefix.isBlank() ? "" : pathPrefix;
        services = services == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(services));
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
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
     * @param oidc OAuth2/OIDC access tokens (JWTs) of an external issuer, accepted as {@code Bearer} credentials
     */
    public record Authentication(
            @DefaultValue("user-service") String verifyService,
            @DefaultValue("/internal/credentials/verify") @Pattern(regexp = "/.*") String verifyPath,
            @DefaultValue("5s") @NotNull Duration verifyTimeout,
            @DefaultValue("60s") @NotNull Duration cacheTtl,
            @DefaultValue("100000") @Positive long cacheMaximumSize,
            @DefaultValue("Relaydesk") @Pattern(regexp = "[^\"\\\\]+") String realm,
            @Valid @DefaultValue Oidc oidc) {}

    /**
     * An external OAuth2/OIDC issuer whose JWTs authenticate callers. Off while neither URI is set. A {@code Bearer}
     * value that parses as a JWT whose {@code iss} is {@link #issuerUri} is validated here (signature from the JWK
     * set, expiry, issuer, audience) and mapped to a user by user-service (by e-mail, then subject); any other
     * {@code Bearer} value is a Relaydesk user token.
     *
     * @param issuerUri the issuer ({@code iss}); also where the JWK set is discovered when {@code jwkSetUri} is unset
     * @param jwkSetUri the issuer's JWK set
     * @param audience an {@code aud} value the token must carry (unset: not checked)
     * @param emailClaim the claim holding the user's e-mail address
     * @param subjectClaim the claim holding the user's id at the issuer
     */
    public record Oidc(
            URI issuerUri,
            URI jwkSetUri,
            String audience,
            @DefaultValue("email") @NotBlank String emailClaim,
            @DefaultValue("sub") @NotBlank String subjectClaim) {

        public boolean enabled() {
            return issuerUri != null || jwkSetUri != null;
        }
    }

    /**
     * Three failed logins in a row from one IP block that IP for five minutes (the seed's rule, both numbers
     * configurable). While blocked, every request with credentials from that IP is refused with 403, even with correct
     * ones, without asking user-service.
     *
     * @param enabled whether failed logins block at all
     * @param maxFailures failed logins in a row that block the IP
     * @param blockDuration how long the IP stays blocked (failures older than this are forgotten too)
     */
    public record Lockout(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("3") @Positive int maxFailures,
            @DefaultValue("5m") @NotNull Duration blockDuration) {}

    /**
     * Calls a minute per tenant and user: most methods share one bucket, {@code Search} and {@code UserByEmail} another
     * with a lower limit (the seed's 90 and 60).
     *
     * @param disabled switches rate limiting off for every tenant (the seed's {@code DisableRateLimit})
     * @param defaultPerMinute the limit of most calls
     * @param searchPerMinute the limit of the search methods
     * @param searchMethods the Jitbit methods counted against the search limit (case-insensitive)
     * @param tenants per-tenant overrides, by tenant slug
     */
    public record RateLimits(
            @DefaultValue("false") boolean disabled,
            @DefaultValue("90") @Positive int defaultPerMinute,
            @DefaultValue("60") @Positive int searchPerMinute,
            @DefaultValue({"Search", "UserByEmail"}) List<String> searchMethods,
            Map<String, @Valid TenantRateLimits> tenants) {

        public RateLimits {
            searchMethods = searchMethods == null ? List.of() : List.copyOf(searchMethods);
            tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        }
    }

    /**
     * One tenant's rate limits; what is unset falls back to the gateway-wide value.
     *
     * @param disabled no rate limit for the tenant ({@code DisableRateLimit})
     * @param perMinute the limit of most calls
     * @param searchPerMinute the limit of the search methods
     */
    public record TenantRateLimits(
            @DefaultValue("false") boolean disabled, @Positive Integer perMinute, @Positive Integer searchPerMinute) {}

    /**
     * A Redis server shared by the gateway's replicas, for lock-out state and rate-limit buckets. When neither
     * {@code url} nor {@code spring.data.redis.host} is set, both live in each replica's memory.
     *
     * @param url {@code redis://[:password@]host:port[/database]}; wins over {@code spring.data.redis.*}
     * @param timeout how long a Redis command may take before the gateway lets the request through without it
     * @param keyPrefix prefix of every key the gateway writes
     */
    public record Redis(
            URI url,
            @DefaultValue("500ms") @NotNull Duration timeout,
            @DefaultValue("relaydesk:gateway:") String keyPrefix) {}

    /**
     * The gateway's Kafka topics. Every replica reads credential changes in a consumer group of its own (so each
     * evicts its own cache); a broker that cannot be reached never stops requests (cached credentials then expire
     * after {@code authentication.cache-ttl}).
     *
     * @param enabled whether the gateway talks to Kafka at all
     * @param credentialsTopic where user-service announces credential changes and shared-secret rotations
     * @param authenticationsTopic where the gateway announces successful authentications (last-seen data)
     * @param authenticationInterval at most one authentication event per tenant and user in this period
     * @param instanceId names this replica's consumer group ({@code gateway-<instance-id>}); unset: random at start
     */
    public record Events(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("user.credentials") @NotBlank String credentialsTopic,
            @DefaultValue("gateway.authentications") @NotBlank String authenticationsTopic,
            @DefaultValue("1m") @NotNull Duration authenticationInterval,
            String instanceId) {}

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

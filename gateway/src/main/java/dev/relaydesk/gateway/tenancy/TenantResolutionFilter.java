package dev.relaydesk.gateway.tenancy;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.gateway.web.DialectErrors;
import dev.relaydesk.gateway.web.PublicPaths;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Resolves the tenant of every request that needs one (all but the public endpoints) before it is authenticated, and
 * answers 400 when the request names an invalid tenant.
 */
public final class TenantResolutionFilter implements WebFilter, Ordered {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 200;
    private static final String ATTRIBUTE = TenantResolutionFilter.class.getName() + ".tenant";

    private final TenantResolution resolution;
    private final String header;
    private final DialectErrors errors;

    public TenantResolutionFilter(TenantResolution resolution, String header, DialectErrors errors) {
        this.resolution = resolution;
        this.header = header;
        this.errors = errors;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (PublicPaths.matches(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        return switch (resolution.resolve(headers.getFirst(HttpHeaders.HOST), headers.getFirst(header))) {
            case TenantResolution.Resolved(TenantId tenant) -> {
                exchange.getAttributes().put(ATTRIBUTE, tenant);
                yield chain.filter(exchange);
            }
            case TenantResolution.Invalid(String source) ->
                errors.respond(
                        exchange,
                        HttpStatus.BAD_REQUEST,
                        "invalid_tenant",
                        "host".equals(source)
                                ? "The host name does not name a valid tenant"
                                : "Header '" + header + "' does not name a valid tenant");
        };
    }

    /** The tenant resolved for the exchange, or null for a public endpoint. */
    public static TenantId of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }
}

package dev.relaydesk.gateway.token;

import dev.relaydesk.gateway.authentication.Caller;
import dev.relaydesk.gateway.authentication.CallerAuthentication;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Gives every forwarded request the caller's internal token (minted or reused by {@link InternalTokenMinting}). The
 * token is left on the exchange; {@link dev.relaydesk.gateway.routing.ProxyHeaders} writes it into the forwarded
 * request's {@code Authorization} header in the same pass that drops the caller's own credentials, cookies, tenant
 * header and {@code X-Internal-*} headers, so a caller cannot smuggle in what only the gateway may assert.
 */
public final class InternalTokenRelay implements GlobalFilter, Ordered {

    private static final String TOKEN = InternalTokenRelay.class.getName() + ".token";

    private final InternalTokenMinting tokens;

    public InternalTokenRelay(InternalTokenMinting tokens) {
        this.tokens = tokens;
    }

    @Override
    public int getOrder() {
        return 0;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Caller caller = CallerAuthentication.callerOf(exchange);
        if (caller == null) {
            return Mono.error(new IllegalStateException("a request reached a route without an authenticated caller"));
        }
        return tokens.tokenFor(caller).flatMap(token -> {
            exchange.getAttributes().put(TOKEN, token);
            return chain.filter(exchange);
        });
    }

    /** The internal token the exchange is forwarded with, or null before this filter ran. */
    public static String tokenOf(ServerWebExchange exchange) {
        return exchange.getAttribute(TOKEN);
    }
}

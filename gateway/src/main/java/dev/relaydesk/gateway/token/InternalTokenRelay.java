package dev.relaydesk.gateway.token;

import dev.relaydesk.gateway.authentication.Caller;
import dev.relaydesk.gateway.authentication.CallerAuthentication;
import dev.relaydesk.gateway.web.RequestIdPropagation;
import java.util.ArrayList;
import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Replaces the caller's credentials with the internal token on every forwarded request, and sets the request id
 * ({@link RequestIdPropagation}) the service logs with. The caller's
 * {@code Authorization} and {@code Cookie} headers, the tenant header and any {@code X-Internal-*} header never reach
 * a service, so a caller cannot smuggle in what only the gateway may assert.
 */
public final class InternalTokenRelay implements GlobalFilter, Ordered {

    private static final String INTERNAL_PREFIX = "X-Internal-";

    private final InternalTokenMinting tokens;
    private final String tenantHeader;

    public InternalTokenRelay(InternalTokenMinting tokens, String tenantHeader) {
        this.tokens = tokens;
        this.tenantHeader = tenantHeader;
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
        String requestId = RequestIdPropagation.of(exchange);
        return tokens.tokenFor(caller)
                .flatMap(token -> chain.filter(exchange.mutate()
                        .request(r -> r.headers(headers -> relay(headers, token, requestId)))
                        .build()));
    }

    private void relay(HttpHeaders headers, String token, String requestId) {
        headers.remove(HttpHeaders.AUTHORIZATION);
        headers.remove(HttpHeaders.COOKIE);
        headers.remove(tenantHeader);
        List<String> internal = new ArrayList<>(0);
        for (String name : headers.headerNames()) {
            if (name.regionMatches(true, 0, INTERNAL_PREFIX, 0, INTERNAL_PREFIX.length())) {
                internal.add(name);
            }
        }
        internal.forEach(headers::remove);
        headers.setBearerAuth(token);
        headers.set(RequestIdPropagation.HEADER, requestId);
    }
}

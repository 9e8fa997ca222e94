package dev.relaydesk.gateway.routing;

import java.util.function.Function;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The first of the gateway filters: holds the subscriber's context at the start of the gateway filter chain, so that a
 * {@code currentContext()} asked by a gateway filter's operators (writing the answer to the caller, the routing filter's
 * HTTP client) ends here instead of walking down through every web filter of the request. Reactor resolves a context by
 * asking each subscriber below in turn, down to one that holds it; that walk was the largest single item in the
 * gateway's CPU profile. {@code contextWrite(identity)} holds the same, already resolved context, and a context cannot
 * change after subscription, so nothing observable changes. {@link LoopLocalRouting} holds it once more around the
 * HTTP client.
 */
public final class ContextAnchor implements GlobalFilter, Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange).contextWrite(Function.identity());
    }
}

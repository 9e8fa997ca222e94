package dev.relaydesk.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/** The anchor holds the context it is subscribed with: what the filters above see is what was written below. */
class ContextAnchorTest {

    @Test
    void filtersAboveSeeTheContextWrittenBelow() {
        AtomicReference<String> seen = new AtomicReference<>();
        GatewayFilterChain chain = exchange -> Mono.deferContextual(context -> {
            seen.set(context.getOrDefault("request", "none"));
            return Mono.empty();
        });

        new ContextAnchor()
                .filter(MockServerWebExchange.from(MockServerHttpRequest.get("/api/User")), chain)
                .contextWrite(Context.of("request", "r-1"))
                .block();

        assertThat(seen.get()).isEqualTo("r-1");
    }

    @Test
    void eachSubscriptionHasItsOwnContext() {
        AtomicReference<String> seen = new AtomicReference<>();
        GatewayFilterChain chain = exchange -> Mono.deferContextual(context -> {
            seen.set(context.getOrDefault("request", "none"));
            return Mono.empty();
        });
        Mono<Void> filtered =
                new ContextAnchor().filter(MockServerWebExchange.from(MockServerHttpRequest.get("/")), chain);

        filtered.contextWrite(Context.of("request", "first")).block();
        filtered.contextWrite(Context.of("request", "second")).block();

        assertThat(seen.get()).isEqualTo("second");
    }
}

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

    private final AtomicReference<String> seen = new AtomicReference<>();

    /** The rest of the chain: records the context's {@code request} entry it runs with. */
    private final GatewayFilterChain chain = exchange -> Mono.deferContextual(context -> {
        seen.set(context.getOrDefault("request", "none"));
        return Mono.empty();
    });

    private Mono<Void> anchored() {
        return new ContextAnchor().filter(MockServerWebExchange.from(MockServerHttpRequest.get("/api/User")), chain);
    }

    @Test
    void filtersAboveSeeTheContextWrittenBelow() {
        anchored().contextWrite(Context.of("request", "r-1")).block();

        assertThat(seen.get()).isEqualTo("r-1");
    }

    @Test
    void eachSubscriptionHasItsOwnContext() {
        Mono<Void> filtered = anchored();

        filtered.contextWrite(Context.of("request", "first")).block();
        assertThat(seen.get()).isEqualTo("first");
        filtered.contextWrite(Context.of("request", "second")).block();
        assertThat(seen.get()).isEqualTo("second");
    }
}

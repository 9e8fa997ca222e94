package dev.relaydesk.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Each anchor holds the context it is subscribed with: what the filters above see is what was written below, per
 * subscription.
 */
class ContextAnchorTest {

    private final AtomicReference<String> seen = new AtomicReference<>();

    /** The rest of the chain: records the context's {@code request} entry it runs with. */
    private final Mono<Void> rest = Mono.deferContextual(context -> {
        seen.set(context.getOrDefault("request", "none"));
        return Mono.empty();
    });

    static Stream<Arguments> anchors() {
        UnaryOperator<Mono<Void>> gatewayChain = rest -> new ContextAnchor().filter(exchange(), exchange -> rest);
        UnaryOperator<Mono<Void>> webChain =
                rest -> new ContextAnchor.AtDispatch().filter(exchange(), exchange -> rest);
        return Stream.of(
                Arguments.of("start of the gateway filters", gatewayChain),
                Arguments.of("end of the web filters", webChain));
    }

    private static MockServerWebExchange exchange() {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/api/User"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("anchors")
    void filtersAboveSeeTheContextWrittenBelow(String where, UnaryOperator<Mono<Void>> anchor) {
        anchor.apply(rest).contextWrite(Context.of("request", "r-1")).block();

        assertThat(seen.get()).isEqualTo("r-1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("anchors")
    void eachSubscriptionHasItsOwnContext(String where, UnaryOperator<Mono<Void>> anchor) {
        Mono<Void> filtered = anchor.apply(rest);

        filtered.contextWrite(Context.of("request", "first")).block();
        assertThat(seen.get()).isEqualTo("first");
        filtered.contextWrite(Context.of("request", "second")).block();
        assertThat(seen.get()).isEqualTo("second");
    }
}

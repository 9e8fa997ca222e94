package dev.relaydesk.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.setAlreadyRouted;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/** Which requests the gateway forwards itself, and which it leaves to Spring Cloud Gateway's stock routing filter. */
class LoopLocalRoutingTest {

    private static MockServerWebExchange exchange(String url, Map<String, Object> routeMetadata) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/Tickets"));
        Route route = Route.async()
                .id("ticket-service")
                .uri(URI.create("http://127.0.0.1:8082"))
                .predicate(candidate -> true)
                .metadata(routeMetadata)
                .build();
        exchange.getAttributes().put(GATEWAY_ROUTE_ATTR, route);
        exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, URI.create(url));
        return exchange;
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8082/api/Tickets?x=%20", "HTTPS://ticket-service/api/Tickets"})
    void aPlainHttpUrlOnARouteWithoutSettingsOfItsOwnIsForwardedByTheGateway(String url) {
        assertThat(LoopLocalRouting.ownWay(exchange(url, Map.of()))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lb://ticket-service/api/Tickets", "ws://127.0.0.1:8082/socket", "http:/no-host"})
    void anotherKindOfUrlTakesTheStockPath(String url) {
        assertThat(LoopLocalRouting.ownWay(exchange(url, Map.of()))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, RouteMetadataUtils.CONNECT_TIMEOUT_ATTR})
    void aRouteWithATimeoutOfItsOwnTakesTheStockPath(String setting) {
        assertThat(LoopLocalRouting.ownWay(exchange("http://127.0.0.1:8082/api/Tickets", Map.of(setting, 500))))
                .isFalse();
    }

    @Test
    void aPreservedHostOrAnAlreadyRoutedRequestTakesTheStockPath() {
        MockServerWebExchange preserved = exchange("http://127.0.0.1:8082/api/Tickets", Map.of());
        preserved.getAttributes().put(PRESERVE_HOST_HEADER_ATTRIBUTE, true);
        MockServerWebExchange routed = exchange("http://127.0.0.1:8082/api/Tickets", Map.of());
        setAlreadyRouted(routed);

        assertThat(LoopLocalRouting.ownWay(preserved)).isFalse();
        assertThat(LoopLocalRouting.ownWay(routed)).isFalse();
    }

    @Test
    void withoutARouteOrAUrlTheStockFilterDecides() {
        MockServerWebExchange exchange = exchange("http://127.0.0.1:8082/api/Tickets", Map.of());
        exchange.getAttributes().remove(GATEWAY_ROUTE_ATTR);

        assertThat(LoopLocalRouting.ownWay(exchange)).isFalse();
    }
}

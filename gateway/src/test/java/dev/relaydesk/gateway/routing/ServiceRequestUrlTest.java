package dev.relaydesk.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/** The gateway's request URL is the one the stock {@link RouteToRequestUrlFilter} builds, for every kind of URL. */
class ServiceRequestUrlTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://127.0.0.1:8081 | http://gateway.example.com/api/User?userId=1",
                "http://127.0.0.1:8081 | http://localhost:8080/api/Tickets?subject=a%20b%2Fc&x=1+2&y=%C3%A9&empty=&flag",
                "http://127.0.0.1:8081 | http://localhost:8080/api/Ticket/5",
                "http://127.0.0.1:8081/ignored/path | http://localhost:8080/api/Ticket/5?a=b",
                "https://users.internal | http://localhost/api/v1/users/3?include=a,b",
                "HTTP://users.internal:9443 | http://localhost/api/v2/tickets/a%2Fb",
                "http://[::1]:8081 | http://[::1]:8080/api/User?userId=1",
                "http://127.0.0.1:8081 | http://localhost:8080/platform/whoami?q=%3F%26%23",
                "http://127.0.0.1:8081 | http://localhost:8080/",
                "lb://user-service | http://localhost:8080/api/User?userId=1",
                "http://user:secret@127.0.0.1:8081 | http://localhost:8080/api/User?userId=1"
            })
    void buildsTheSameUrlAsTheStockFilter(String routeUri, String requestUri) {
        Route route = Route.async()
                .id("service")
                .uri(URI.create(routeUri))
                .predicate(exchange -> true)
                .build();

        URI stock = requestUrl(new RouteToRequestUrlFilter(), route, requestUri);
        URI ours = requestUrl(new ServiceRequestUrl(), route, requestUri);

        assertThat(ours).isEqualTo(stock);
        assertThat(ours.toString()).isEqualTo(stock.toString());
    }

    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1:8081, http://127.0.0.1:8081",
        "https://users.internal, https://users.internal",
        "HTTPS://users.internal:9443/x, HTTPS://users.internal:9443",
        "lb://user-service,",
        "ws://127.0.0.1:8081,",
        "http://user:secret@127.0.0.1:8081,"
    })
    void takesOnlyPlainHttpRoutesItself(String routeUri, String origin) {
        assertThat(ServiceRequestUrl.origin(URI.create(routeUri))).isEqualTo(origin);
    }

    private static URI requestUrl(GlobalFilter filter, Route route, String requestUri) {
        MockServerWebExchange exchange =
                MockServerWebExchange.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create(requestUri))
                        .build());
        exchange.getAttributes().put(GATEWAY_ROUTE_ATTR, route);
        AtomicReference<URI> forwarded = new AtomicReference<>();
        GatewayFilterChain chain = e -> {
            forwarded.set(e.getAttribute(GATEWAY_REQUEST_URL_ATTR));
            return Mono.empty();
        };
        filter.filter(exchange, chain).block();
        return forwarded.get();
    }
}

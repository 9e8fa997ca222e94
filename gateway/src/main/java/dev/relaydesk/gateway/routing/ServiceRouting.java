package dev.relaydesk.gateway.routing;

import dev.relaydesk.gateway.web.DialectErrors;
import dev.relaydesk.gateway.web.PublicPaths;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Decides, before the caller is authenticated, which service a request goes to: an unknown method or resource is a 404
 * in its dialect's shape without a credential check. The decision is left on the exchange for the gateway routes in
 * {@link ServiceRoutes}; a {@code /platform/<service>} path is rewritten here.
 */
public final class ServiceRouting implements WebFilter, Ordered {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 300;
    private static final String ATTRIBUTE = ServiceRouting.class.getName() + ".service";
    /** The most of a form body read to find a routing parameter. */
    static final int MAX_FORM_BYTES = 64 * 1024;

    private final RoutingTable table;
    private final DialectErrors errors;

    public ServiceRouting(RoutingTable table, DialectErrors errors) {
        this.table = table;
        this.errors = errors;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** The service the exchange goes to, or null when it is not proxied. */
    public static String serviceOf(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (PublicPaths.matches(request.getPath().value())) {
            return chain.filter(exchange);
        }
        return follow(table.resolve(request.getPath().pathWithinApplication()), exchange, chain);
    }

    private Mono<Void> follow(RoutingTable.Route route, ServerWebExchange exchange, WebFilterChain chain) {
        return switch (route) {
            case RoutingTable.Forward(String service, String path) -> {
                exchange.getAttributes().put(ATTRIBUTE, service);
                yield chain.filter(
                        path == null
                                ? exchange
                                : exchange.mutate().request(r -> r.path(path)).build());
            }
            case RoutingTable.Unknown(String message) ->
                errors.respond(exchange, HttpStatus.NOT_FOUND, "not_found", message);
            case RoutingTable.Invalid(String message) ->
                errors.respond(exchange, HttpStatus.BAD_REQUEST, "invalid_parameter", message);
            case RoutingTable.NotProxied ignored -> chain.filter(exchange);
            case RoutingTable.ByParameter(RoutingTable.ParameterRouted byParameter) ->
                byParameter(byParameter, exchange, chain);
        };
    }

    private Mono<Void> byParameter(
            RoutingTable.ParameterRouted route, ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String value = parameter(request.getQueryParams(), route.parameter());
        MediaType type = request.getHeaders().getContentType();
        boolean form = type != null
                && MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)
                && request.getMethod() != HttpMethod.GET;
        if (value != null || !form) {
            return follow(route.forValue(value), exchange, chain);
        }
        Charset charset = type.getCharset() != null ? type.getCharset() : StandardCharsets.UTF_8;
        return DataBufferUtils.join(request.getBody(), MAX_FORM_BYTES)
                .map(ServiceRouting::drain)
                .defaultIfEmpty(new byte[0])
                .onErrorMap(
                        DataBufferLimitException.class, e -> new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE))
                .flatMap(body -> {
                    String fromForm = formParameter(new String(body, charset), route.parameter(), charset);
                    ServerHttpRequest replay = new ServerHttpRequestDecorator(request) {
                        @Override
                        public Flux<DataBuffer> getBody() {
                            return Flux.defer(() -> Flux.just(
                                    exchange.getResponse().bufferFactory().wrap(body)));
                        }
                    };
                    return follow(
                            route.forValue(fromForm),
                            exchange.mutate().request(replay).build(),
                            chain);
                });
    }

    private static byte[] drain(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static String parameter(Map<String, List<String>> parameters, String name) {
        for (Map.Entry<String, List<String>> entry : parameters.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().getFirst();
            }
        }
        return null;
    }

    static String formParameter(String body, String name, Charset charset) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
            if (key.equalsIgnoreCase(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
            }
        }
        return null;
    }
}

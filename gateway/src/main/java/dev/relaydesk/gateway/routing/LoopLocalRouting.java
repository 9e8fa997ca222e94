package dev.relaydesk.gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_HEADER_NAMES;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.ORIGINAL_RESPONSE_CONTENT_TYPE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.isAlreadyRouted;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.setAlreadyRouted;

import io.netty.channel.EventLoop;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * Spring Cloud Gateway's routing filter with one connection pool per event loop: a request is forwarded over a
 * connection that lives on the event loop serving the caller's connection, so the request, the service's answer and
 * the response to the caller are handled by one thread from start to end.
 *
 * <p>With the stock filter all event loops share one pool, and a request usually borrows a connection owned by another
 * loop: the write to the service, the service's answer and the response to the caller then each cross threads (a task
 * queued and a thread woken). On a small machine those hand-offs cost as much as the proxying itself: in the gateway
 * benchmark they doubled the gateway's context switches per request and put it in the latency tail. The HTTP client is
 * configured exactly as the stock one ({@code spring.cloud.gateway.server.webflux.httpclient.*}, customizers, TLS);
 * only its pool and event loop are per loop. A request that does not come from a Netty connection (none in this
 * gateway) uses the shared client.
 *
 * <p>The response timeout ({@code spring.cloud.gateway.server.webflux.httpclient.response-timeout}) is applied by the
 * client on the connection's own event loop (Reactor Netty's {@code responseTimeout}: a read timeout while the answer
 * is awaited and read), not by the stock filter's {@code Flux.timeout}. That one arms a timer on Reactor's parallel
 * scheduler for every request and cancels it when the answer comes: a thread woken, and a task queued across threads,
 * per request, which in the gateway benchmark was about a sixth of the gateway's CPU per request. The service not
 * answering in time fails the request with Netty's {@code ReadTimeoutException}, which
 * {@link dev.relaydesk.gateway.web.DialectErrorHandler} answers with 504 like the stock timeout.
 *
 * <p>For the service routes it forwards the request itself ({@link #forward}: the stock filter's steps with fewer
 * copies); a request it does not handle that way goes through the stock filter's code, with the same clients.
 */
public final class LoopLocalRouting extends NettyRoutingFilter implements DisposableBean {

    private final LoopClients clients;
    private final ProxyHeaders proxyHeaders;
    private final List<HttpHeadersFilter> headers;
    private final Map<EventLoop, HttpClient> byLoop = new ConcurrentHashMap<>();

    public LoopLocalRouting(
            HttpClient shared,
            ObjectProvider<List<HttpHeadersFilter>> headersFilters,
            ProxyHeaders proxyHeaders,
            HttpClientProperties properties,
            ServerProperties server,
            HttpClientSslConfigurer ssl,
            List<HttpClientCustomizer> customizers) {
        super(withResponseTimeout(shared, properties.getResponseTimeout()), headersFilters, withoutTimeout(properties));
        this.proxyHeaders = proxyHeaders;
        this.headers = proxyHeaders.filters();
        this.clients = new LoopClients(properties, server, ssl, customizers);
    }

    private static HttpClient withResponseTimeout(HttpClient client, Duration timeout) {
        return timeout == null ? client : client.responseTimeout(timeout);
    }

    /**
     * What the stock filter reads of the properties (the connect timeout of a route with its own) without the response
     * timeout, so that it does not also arm its {@code Flux.timeout}.
     */
    private static HttpClientProperties withoutTimeout(HttpClientProperties properties) {
        HttpClientProperties stock = new HttpClientProperties();
        stock.setConnectTimeout(properties.getConnectTimeout());
        stock.setResponseTimeout(null);
        return stock;
    }

    /**
     * Forwards the request over the caller's event loop's client, or leaves it to the stock filter when this one does not
     * apply (see {@link #ownWay}). Either way the subscriber's context is held at this point of the chain: Reactor
     * resolves a {@code currentContext()} by asking each subscriber below in turn, down to one that holds a context; the
     * HTTP client asks several times per request, and below the routing filter lie every gateway and web filter of the
     * request (dozens of subscribers deep). That walk was the largest single item in the gateway's CPU profile (9% of
     * samples); see also {@link ContextAnchor}. {@code contextWrite(identity)} keeps the same, already resolved context
     * in one subscriber here, so a lookup from the client's operators ends after a few steps. A context cannot change
     * after subscription, so nothing observable changes.
     */
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        EventLoop loop = loopOf(exchange);
        Mono<Void> routed = loop != null && ownWay(exchange)
                ? forward(exchange, chain, byLoop.computeIfAbsent(loop, clients::forLoop))
                : super.filter(exchange, chain);
        return routed.contextWrite(Function.identity());
    }

    /**
     * Whether this filter forwards the request itself: a plain http(s) URL with a host, not yet routed, on a route
     * without timeouts of its own and without {@code PreserveHostHeader}. Everything else takes the stock path.
     */
    static boolean ownWay(ServerWebExchange exchange) {
        URI url = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        return url != null
                && route != null
                && ("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
                && url.getHost() != null
                && !isAlreadyRouted(exchange)
                && !exchange.getAttributeOrDefault(PRESERVE_HOST_HEADER_ATTRIBUTE, false)
                && !hasOwnConnectTimeout(route)
                && !route.getMetadata().containsKey(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR);
    }

    /**
     * The stock filter's forwarding, less some per-request overheads (the first two below were together about 8% of the
     * gateway's CPU samples in the gateway benchmark):
     *
     * <ul>
     *   <li>the caller's headers are copied once, straight into the Netty headers the client sends
     *       ({@link ProxyHeaders#forClient}), instead of into Spring headers and then into Netty's;
     *   <li>the client is given the URL as a {@link URI}, which it reads with getters, instead of its string, which
     *       Reactor Netty parses again with a regular expression. A URL with characters outside US-ASCII goes as its
     *       ASCII form, as with the stock filter;
     *   <li>the client is used directly, not through a {@code Mono} of it.
     * </ul>
     *
     * The answer's status and headers reach the exchange exactly as with the stock filter.
     */
    private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, HttpClient client) {
        setAlreadyRouted(exchange);
        URI url = exchange.getRequiredAttribute(GATEWAY_REQUEST_URL_ATTR);
        ServerHttpRequest request = exchange.getRequest();
        io.netty.handler.codec.http.HttpHeaders outgoing = proxyHeaders.forClient(request.getHeaders(), exchange);
        return client.headers(defaults -> defaults.add(outgoing))
                .request(io.netty.handler.codec.http.HttpMethod.valueOf(
                        request.getMethod().name()))
                .uri(isAscii(url.toString()) ? url : URI.create(url.toASCIIString()))
                .send((clientRequest, outbound) ->
                        outbound.send(request.getBody().map(this::getByteBuf)))
                .responseConnection((answer, connection) -> answered(exchange, answer, connection))
                .then(chain.filter(exchange));
    }

    /** What the stock filter does with the service's status and headers, for the filters after it and the writer. */
    private Mono<HttpClientResponse> answered(
            ServerWebExchange exchange, HttpClientResponse answer, Connection connection) {
        exchange.getAttributes().put(CLIENT_RESPONSE_ATTR, answer);
        exchange.getAttributes().put(CLIENT_RESPONSE_CONN_ATTR, connection);
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders headers = new HttpHeaders();
        answer.responseHeaders().forEach(entry -> headers.add(entry.getKey(), entry.getValue()));
        String contentType = headers.getFirst(HttpHeaders.CONTENT_TYPE);
        if (StringUtils.hasLength(contentType)) {
            exchange.getAttributes().put(ORIGINAL_RESPONSE_CONTENT_TYPE_ATTR, contentType);
        }
        setStatus(answer, response);
        HttpHeaders filtered =
                HttpHeadersFilter.filter(getHeadersFilters(), headers, exchange, HttpHeadersFilter.Type.RESPONSE);
        if (!filtered.containsHeader(HttpHeaders.TRANSFER_ENCODING)
                && filtered.containsHeader(HttpHeaders.CONTENT_LENGTH)) {
            // not both: Content-Length wins, as with the stock filter
            response.getHeaders().remove(HttpHeaders.TRANSFER_ENCODING);
        }
        exchange.getAttributes().put(CLIENT_RESPONSE_HEADER_NAMES, filtered.headerNames());
        response.getHeaders().addAll(filtered);
        return Mono.just(answer);
    }

    /** The service's status on the response, also one {@link HttpStatus} does not know (the stock filter's rule). */
    private static void setStatus(HttpClientResponse answer, ServerHttpResponse response) {
        int code = answer.status().code();
        HttpStatus status = HttpStatus.resolve(code);
        if (status != null) {
            response.setStatusCode(status);
            return;
        }
        ServerHttpResponse raw = response;
        while (raw instanceof ServerHttpResponseDecorator decorator) {
            raw = decorator.getDelegate();
        }
        if (!(raw instanceof AbstractServerHttpResponse writable)) {
            throw new IllegalStateException("Unable to set status code " + code + " on response of type "
                    + raw.getClass().getName());
        }
        writable.setRawStatusCode(code);
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** {@link ProxyHeaders} instead of the stock header filters, for the request and for the service's answer. */
    @Override
    public List<HttpHeadersFilter> getHeadersFilters() {
        return headers;
    }

    @Override
    protected HttpClient getHttpClient(Route route, ServerWebExchange exchange) {
        EventLoop loop = loopOf(exchange);
        if (loop == null || hasOwnConnectTimeout(route)) {
            return super.getHttpClient(route, exchange);
        }
        return byLoop.computeIfAbsent(loop, clients::forLoop);
    }

    /** The event loop of the caller's connection, or null when the request did not come from a Netty connection. */
    static EventLoop loopOf(ServerWebExchange exchange) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        return nativeRequest instanceof Connection connection
                ? connection.channel().eventLoop()
                : null;
    }

    /** A route's own connect timeout ({@code connect-timeout} metadata) is applied by the stock client. */
    private static boolean hasOwnConnectTimeout(Route route) {
        return route.getMetadata().containsKey(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR);
    }

    /** How many event loops have forwarded a request over a pool of their own so far. */
    public int pools() {
        return byLoop.size();
    }

    @Override
    public void destroy() {
        clients.disposeAll();
        byLoop.clear();
    }

    /** Builds clients as the gateway's own factory does, each with a fresh pool, pinned to one loop. */
    private static final class LoopClients extends HttpClientFactory {

        private final List<ConnectionProvider> providers = new CopyOnWriteArrayList<>();
        private final Duration responseTimeout;

        LoopClients(
                HttpClientProperties properties,
                ServerProperties server,
                HttpClientSslConfigurer ssl,
                List<HttpClientCustomizer> customizers) {
            super(properties, server, ssl, customizers);
            this.responseTimeout = properties.getResponseTimeout();
        }

        HttpClient forLoop(EventLoop loop) {
            return withResponseTimeout(createInstance().runOn(loop), responseTimeout);
        }

        @Override
        protected ConnectionProvider buildConnectionProvider(HttpClientProperties properties) {
            ConnectionProvider provider = super.buildConnectionProvider(properties);
            providers.add(provider);
            return provider;
        }

        void disposeAll() {
            providers.forEach(ConnectionProvider::dispose);
            providers.clear();
        }
    }
}

package dev.relaydesk.gateway.routing;

import io.netty.channel.EventLoop;
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
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
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
 */
public final class LoopLocalRouting extends NettyRoutingFilter implements DisposableBean {

    private final LoopClients clients;
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
     * The stock filter, with the subscriber's context held at this point of the chain. Reactor resolves a
     * {@code currentContext()} by asking each subscriber below in turn, down to one that holds a context; the HTTP
     * client asks several times per request, and below the routing filter lie every gateway and web filter of the
     * request (dozens of subscribers deep). That walk was the largest single item in the gateway's CPU profile (9% of
     * samples); see also {@link ContextAnchor}. {@code contextWrite(identity)} keeps the same, already resolved
     * context in one subscriber here, so a lookup from the client's operators ends after a few steps. A context cannot
     * change after subscription, so nothing observable changes.
     */
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return super.filter(exchange, chain).contextWrite(Function.identity());
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

package dev.relaydesk.gateway.routing;

import dev.relaydesk.gateway.config.GatewayProperties;
import dev.relaydesk.gateway.web.DialectErrors;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.client.HttpClient;

/**
 * One gateway route per service, matching the requests {@link ServiceRouting} assigned to it. The route ids are the
 * service names, so the gateway's metrics ({@code spring.cloud.gateway.requests}) are per service.
 */
@Configuration(proxyBeanMethods = false)
public class ServiceRoutes {

    @Bean
    RoutingTable routingTable(GatewayProperties properties) {
        return new RoutingTable(properties.routing(), properties.services().keySet());
    }

    @Bean
    ServiceRouting serviceRouting(RoutingTable table, DialectErrors errors) {
        return new ServiceRouting(table, errors);
    }

    @Bean
    RouteLocator serviceRouteLocator(RouteLocatorBuilder builder, GatewayProperties properties) {
        RouteLocatorBuilder.Builder routes = builder.routes();
        properties
                .services()
                .forEach((service, uri) -> routes.route(service, route -> route.predicate(
                                exchange -> service.equals(ServiceRouting.serviceOf(exchange)))
                        .uri(uri)));
        return routes.build();
    }

    /**
     * Replaces the stock {@code NettyRoutingFilter} (switched off with
     * {@code spring.cloud.gateway.server.webflux.global-filter.netty-routing.enabled=false} in application.yml).
     */
    @Bean
    LoopLocalRouting loopLocalRouting(
            HttpClient gatewayHttpClient,
            ObjectProvider<List<HttpHeadersFilter>> headersFilters,
            GatewayProperties gateway,
            HttpClientProperties properties,
            ServerProperties server,
            HttpClientSslConfigurer ssl,
            List<HttpClientCustomizer> customizers) {
        return new LoopLocalRouting(
                gatewayHttpClient,
                headersFilters,
                new ProxyHeaders(gateway.tenancy().header()),
                properties,
                server,
                ssl,
                customizers);
    }

    @Bean
    ContextAnchor contextAnchor() {
        return new ContextAnchor();
    }

    @Bean
    ContextAnchor.AtDispatch contextAnchorAtDispatch() {
        return new ContextAnchor.AtDispatch();
    }

    /**
     * Replaces the stock {@code RouteToRequestUrlFilter} (switched off with
     * {@code spring.cloud.gateway.server.webflux.global-filter.route-to-request-url.enabled=false}).
     */
    @Bean
    ServiceRequestUrl serviceRequestUrl() {
        return new ServiceRequestUrl();
    }

    /**
     * Writes the service's answer to the caller (a small whole answer in one write, see {@link AnswerWriting}); the
     * stock writer is switched off together with the stock routing.
     */
    @Bean
    NettyWriteResponseFilter nettyWriteResponseFilter(
            org.springframework.cloud.gateway.config.GatewayProperties gateway,
            ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
        return new AnswerWriting(gateway.getStreamingMediaTypes(), headersFilters);
    }

    @Bean
    PathPrefixStripping pathPrefixStripping(GatewayProperties properties) {
        return new PathPrefixStripping(properties.pathPrefix());
    }
}

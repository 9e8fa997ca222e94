package dev.relaydesk.gateway.routing;

import dev.relaydesk.gateway.config.GatewayProperties;
import dev.relaydesk.gateway.web.DialectErrors;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

    @Bean
    PathPrefixStripping pathPrefixStripping(GatewayProperties properties) {
        return new PathPrefixStripping(properties.pathPrefix());
    }
}

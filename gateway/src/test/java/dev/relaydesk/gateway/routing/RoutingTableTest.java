package dev.relaydesk.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.gateway.config.GatewayProperties;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.server.PathContainer;

/** Edge cases of the routing table; the integration test covers the table in application.yml route by route. */
class RoutingTableTest {

    final RoutingTable table = new RoutingTable(
            new GatewayProperties.Routing(
                    Map.of("ticket-service", List.of("Ticket")),
                    Map.of(
                            "CustomFields",
                            new GatewayProperties.ParameterRoute(
                                    "type", "ticket-service", Map.of("1", "ticket-service", "2", "asset-service"))),
                    Map.of("ticket-service", List.of("tickets")),
                    Map.of("ticket-service", List.of("tickets")),
                    Map.of("ticket-service", List.of("create_ticket")),
                    Map.of("ticket-service", List.of("/File/Get"))),
            Set.of("ticket-service", "asset-service"));

    RoutingTable.Route resolve(String path) {
        return table.resolve(PathContainer.parsePath(path));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/api|No API method in the path",
                "/api/|No API method in the path",
                "/api/Create_Ticket/|Unknown API method: Create_Ticket",
                "/api/v1|No route matches /api/v1",
                "/api/v2/|No resource in the path",
                "/platform|No service in the path",
                "/platform/|No service in the path",
                "/platform//whoami|No service in the path"
            })
    void pathsInsideAProxiedNamespaceThatNobodyOwnsAreUnknown(String path, String message) {
        assertThat(resolve(path)).isEqualTo(new RoutingTable.Unknown(message));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/apix/Ticket", "/File/Get/more", "/platformx/ticket-service", "/actuator/env"})
    void pathsOutsideEveryNamespaceAreNotProxied(String path) {
        assertThat(resolve(path)).isInstanceOf(RoutingTable.NotProxied.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/create_ticket/", "/api/Ticket/", "/api/v1/TICKETS", "/FILE/GET"})
    void ownedPathsAreForwardedUnchanged(String path) {
        assertThat(resolve(path)).isEqualTo(new RoutingTable.Forward("ticket-service", null));
    }

    @ParameterizedTest
    @CsvSource({"'', ticket-service", "1, ticket-service", "' 2 ', asset-service"})
    void parameterRoutedMethodFollowsItsParameter(String value, String service) {
        RoutingTable.Route route = resolve("/api/customFIELDS");

        assertThat(route).isInstanceOf(RoutingTable.ByParameter.class);
        assertThat(((RoutingTable.ByParameter) route).route().forValue(value))
                .isEqualTo(new RoutingTable.Forward(service, null));
    }
}

package dev.relaydesk.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortPlanTest {

    @Test
    void zeroMeansDistinctFreePortsAndFixedPortsStay() {
        Map<String, Integer> requested = new LinkedHashMap<>();
        int fixed = PortPlan.freePort(new HashSet<>());
        requested.put("gateway", fixed);
        for (int i = 0; i < 9; i++) {
            requested.put("random-" + i, 0);
        }

        Map<String, Integer> resolved = PortPlan.resolve(requested);

        assertThat(resolved).containsEntry("gateway", fixed).hasSize(10);
        assertThat(new HashSet<>(resolved.values())).hasSize(10);
        assertThat(resolved.values()).allSatisfy(port -> assertThat(port).isPositive());
        resolved.values().forEach(port -> assertThat(PortPlan.isFree(port)).isTrue());
    }

    @Test
    void aBusyFixedPortIsRefusedByName() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(PortPlan.LOOPBACK, 0));
            int port = busy.getLocalPort();

            assertThat(PortPlan.isFree(port)).isFalse();
            assertThat(PortPlan.isListening(port)).isTrue();
            assertThatThrownBy(() -> PortPlan.resolve(Map.of("gateway", port)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + port + " (gateway) is already in use");
        }
    }

    @Test
    void aPortAskedForTwiceIsRefused() {
        Map<String, Integer> requested = new LinkedHashMap<>();
        requested.put("kafka", 19092);
        requested.put("postgres", 19092);

        assertThatThrownBy(() -> PortPlan.resolve(requested)).hasMessageContaining("asked for twice");
    }

    @Test
    void theDefaultLayoutAndAPortBase() {
        LocalPlatform.Builder defaults = LocalPlatform.builder();
        assertThat(defaults.portFor(App.GATEWAY)).isEqualTo(8080);
        assertThat(defaults.portFor(App.NOTIFICATION_SERVICE)).isEqualTo(8086);

        LocalPlatform.Builder shifted = LocalPlatform.builder().portBase(9000).port(App.KB_SERVICE, 9999);
        assertThat(shifted.portFor(App.GATEWAY)).isEqualTo(9000);
        assertThat(shifted.portFor(App.TICKET_SERVICE)).isEqualTo(9002);
        assertThat(shifted.portFor(App.KB_SERVICE)).isEqualTo(9999);

        LocalPlatform.Builder random = LocalPlatform.builder().randomPorts().port(App.GATEWAY, 8181);
        assertThat(random.portFor(App.USER_SERVICE)).isZero();
        assertThat(random.portFor(App.GATEWAY)).isEqualTo(8181);
    }
}

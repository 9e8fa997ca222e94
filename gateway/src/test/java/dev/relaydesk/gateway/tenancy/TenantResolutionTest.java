package dev.relaydesk.gateway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.gateway.config.GatewayProperties;
import dev.relaydesk.gateway.web.DialectErrors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tenant resolution in both deployment modes. The integration test covers the default mode (header disabled) end to
 * end; the header-enabled mode is covered here without a second application context.
 */
class TenantResolutionTest {

    final TenantResolution headerDisabled =
            new TenantResolution(new GatewayProperties.Tenancy(false, "X-Tenant", "default"));
    final TenantResolution headerEnabled =
            new TenantResolution(new GatewayProperties.Tenancy(true, "X-Tenant", "main"));

    static TenantId tenantOf(TenantResolution.Outcome outcome) {
        assertThat(outcome).isInstanceOf(TenantResolution.Resolved.class);
        return ((TenantResolution.Resolved) outcome).tenant();
    }

    @Nested
    class HostName {

        @ParameterizedTest
        @ValueSource(strings = {"acme.example.com", "ACME.example.com", "acme.example.com:8443", "acme.example.com."})
        void firstLabelOfAThreeLabelHostIsTheTenant(String host) {
            assertThat(tenantOf(headerDisabled.resolve(host, null)).value()).isEqualTo("acme");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {"localhost", "localhost:8080", "example.com", "127.0.0.1", "10.0.0.12:80", "[::1]:8080", ""})
        void shortHostsAndIpAddressesNameNoTenant(String host) {
            assertThat(tenantOf(headerDisabled.resolve(host, null)).value()).isEqualTo("default");
        }

        @ParameterizedTest
        @ValueSource(strings = {"acme_corp.example.com", "-acme.example.com", "acme-.example.com"})
        void hostLabelThatIsNoValidSlugIsRefused(String host) {
            assertThat(headerDisabled.resolve(host, null)).isEqualTo(new TenantResolution.Invalid("host"));
        }

        @Test
        void missingHostFallsBackToTheDefault() {
            assertThat(tenantOf(headerDisabled.resolve(null, null)).value()).isEqualTo("default");
        }
    }

    @Nested
    class TenantHeader {

        @Test
        void headerNamesTheTenantWhenEnabledAndTheHostNamesNone() {
            assertThat(tenantOf(headerEnabled.resolve("localhost:8080", "beta")).value())
                    .isEqualTo("beta");
        }

        @Test
        void hostLabelWinsOverTheHeader() {
            assertThat(tenantOf(headerEnabled.resolve("acme.example.com", "beta"))
                            .value())
                    .isEqualTo("acme");
        }

        @Test
        void enabledHeaderWithoutAValueFallsBackToTheDefault() {
            assertThat(tenantOf(headerEnabled.resolve("localhost", null)).value())
                    .isEqualTo("main");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {"Beta", "beta!", "-beta", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                })
        void invalidHeaderIsRefusedWhenEnabled(String header) {
            assertThat(headerEnabled.resolve("localhost", header)).isEqualTo(new TenantResolution.Invalid("header"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"beta", "Not Valid!"})
        void headerIsIgnoredWhenDisabled(String header) {
            assertThat(tenantOf(headerDisabled.resolve("localhost", header)).value())
                    .isEqualTo("default");
        }

        @Test
        void filterAnswersAnInvalidHeaderWith400InTheDialectsShape() {
            TenantResolutionFilter filter = new TenantResolutionFilter(
                    headerEnabled,
                    "X-Tenant",
                    new DialectErrors(JsonMapper.builder().build()));
            MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/tickets")
                    .header("Host", "localhost")
                    .header("X-Tenant", "NOT valid"));

            filter.filter(exchange, e -> Mono.error(new AssertionError("must not pass")))
                    .block();

            assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(exchange.getResponse().getBodyAsString().block())
                    .isEqualTo("{\"error\":\"Header 'X-Tenant' does not name a valid tenant\","
                            + "\"error_human\":\"Header 'X-Tenant' does not name a valid tenant\"}");
        }

        @Test
        void filterLeavesTheHeadersTenantOnTheExchangeWhenEnabled() {
            TenantResolutionFilter filter = new TenantResolutionFilter(
                    headerEnabled,
                    "X-Tenant",
                    new DialectErrors(JsonMapper.builder().build()));
            MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/Tickets")
                    .header("Host", "localhost:8080")
                    .header("X-Tenant", "beta"));
            AtomicReference<TenantId> seen = new AtomicReference<>();

            filter.filter(exchange, e -> {
                        seen.set(TenantResolutionFilter.of(e));
                        return Mono.empty();
                    })
                    .block();

            assertThat(seen.get()).isEqualTo(new TenantId("beta"));
        }
    }
}

package dev.relaydesk.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The gateway refuses to start on configuration that would misroute or weaken it. */
class GatewayPropertiesTest {

    @EnableConfigurationProperties(GatewayProperties.class)
    static class Binding {}

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Binding.class)
            .withPropertyValues(
                    "relaydesk.gateway.services.user-service=http://127.0.0.1:8081",
                    "relaydesk.gateway.services.ticket-service=http://127.0.0.1:8082");

    @Test
    void defaultsAreSafe() {
        runner.run(context -> {
            GatewayProperties properties = context.getBean(GatewayProperties.class);
            assertThat(properties.pathPrefix()).isEmpty();
            assertThat(properties.tenancy().headerEnabled()).isFalse();
            assertThat(properties.tenancy().header()).isEqualTo("X-Tenant");
            assertThat(properties.tenancy().defaultTenant()).isEqualTo("default");
            assertThat(properties.authentication().cacheTtl()).isEqualTo(Duration.ofSeconds(60));
            assertThat(properties.authentication().verifyService()).isEqualTo("user-service");
            assertThat(properties.token().signingKey()).isNull();
            assertThat(properties.token().ttl()).isEqualTo(Duration.ofMinutes(5));
            assertThat(properties.token().reuseFor()).isEqualTo(Duration.ofMinutes(4));
        });
    }

    @Test
    void routingToAServiceWithoutABaseUrlStopsTheGateway() {
        runner.withPropertyValues("relaydesk.gateway.routing.methods.kb-service[0]=Articles")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("routing.methods names service 'kb-service'"));
    }

    @Test
    void methodWithTwoOwnersStopsTheGateway() {
        runner.withPropertyValues(
                        "relaydesk.gateway.routing.methods.user-service[0]=Ticket",
                        "relaydesk.gateway.routing.methods.ticket-service[0]=ticket")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("is owned by both"));
    }

    @Test
    void invalidDefaultTenantStopsTheGateway() {
        runner.withPropertyValues("relaydesk.gateway.tenancy.default-tenant=Not_A_Slug")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void pathPrefixWithATrailingSlashStopsTheGateway() {
        runner.withPropertyValues("relaydesk.gateway.path-prefix=/helpdesk/")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void renewingATokenNoEarlierThanItExpiresStopsTheGateway() {
        runner.withPropertyValues("relaydesk.gateway.token.ttl=1m", "relaydesk.gateway.token.renew-before=1m")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("renew-before"));
    }

    @Test
    void credentialCheckAgainstAnUnknownServiceStopsTheGateway() {
        runner.withPropertyValues("relaydesk.gateway.authentication.verify-service=auth-service")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("auth-service"));
    }
}

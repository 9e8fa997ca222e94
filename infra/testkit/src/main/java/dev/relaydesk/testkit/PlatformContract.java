package dev.relaydesk.testkit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What every service must do as a member of the platform, checked the same way in each: it accepts only the gateway's
 * internal token, reads tenant, user and roles from it, reports liveness and readiness, exposes metrics, and follows
 * the architecture rules. A service's test extends this and names the service.
 */
public abstract class PlatformContract {

    private final String service;
    private final String basePackage;

    @Autowired
    protected WebTestClient web;

    protected PlatformContract(String service, String basePackage) {
        this.service = service;
        this.basePackage = basePackage;
    }

    @Test
    void whoAmIReportsTheTokensTenantUserAndRoles() {
        web.get()
                .uri("/platform/whoami")
                .header("Authorization", "Bearer " + InternalTokens.mint("acme", 12, "admin"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.service")
                .isEqualTo(service)
                .jsonPath("$.tenant")
                .isEqualTo("acme")
                .jsonPath("$.userId")
                .isEqualTo(12)
                .jsonPath("$.roles[0]")
                .isEqualTo("admin");
    }

    @Test
    void withoutTheGatewaysTokenTheServiceRefuses() {
        web.get().uri("/platform/whoami").exchange().expectStatus().isUnauthorized();
        web.get()
                .uri("/platform/whoami")
                .header("Authorization", "Bearer " + InternalTokens.mintWithUnknownKey("acme", 12, "admin"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        web.get()
                .uri("/platform/whoami")
                .header("Authorization", "Bearer " + InternalTokens.mintExpired("acme", 12, "admin"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void livenessAndReadinessAreUpAndMetricsAreExposed() {
        web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        // the page grows with every meter the service's other tests create: read it without the 256 KB codec limit
        web.mutate()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                .build()
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(body ->
                        org.assertj.core.api.Assertions.assertThat(body).contains("application=\"" + service + "\""));
    }

    @Test
    void codeFollowsTheArchitectureRules() {
        RelaydeskArchitecture.check(basePackage);
    }
}

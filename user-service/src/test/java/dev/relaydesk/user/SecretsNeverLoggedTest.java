package dev.relaydesk.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Passwords, API keys, user tokens and hashes never reach the logs. */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLoggedTest extends ApiTestSupport {

    @Test
    void creatingVerifyingAndIssuingTokensLogsNoSecret(CapturedOutput output) {
        String tenant = newTenant();
        String password = "Very-Secret-Password-42";
        long id = createUser(tenant, "email", "quiet@test", "username", "quiet", "password", password);
        long generated = createUser(tenant, "email", "generated@test");
        String key = body(post("ApiKey", bearer(tenant, id, "user"))
                        .expectStatus()
                        .isOk())
                .replaceAll(".*\"ApiKey\":\"([^\"]+)\".*", "$1");
        String token = body(web.get()
                .uri("/User/Token")
                .header("Authorization", bearer(tenant, id, "user"))
                .exchange()
                .expectStatus()
                .isOk());
        verify(tenant, Map.of("username", "quiet", "password", password))
                .expectStatus()
                .isOk();
        verify(tenant, Map.of("username", "quiet", "password", "Wrong-" + password))
                .expectStatus()
                .isUnauthorized();
        verify(tenant, Map.of("scheme", "api-key", "email", "quiet@test", "apiKey", key))
                .expectStatus()
                .isOk();
        verify(tenant, Map.of("scheme", "user-token", "token", token))
                .expectStatus()
                .isOk();
        post(
                        "UpdateUser",
                        dev.relaydesk.user.ApiTestSupport.admin(tenant),
                        "userId",
                        Long.toString(id),
                        "password",
                        "Another-Secret-43")
                .expectStatus()
                .isOk();

        // The capture sees this service's logs (so the negative assertions below can fail)...
        assertThat(output.getAll()).contains("Created user " + id, "Created user " + generated);
        // ...and none of them carries a secret or a bcrypt hash.
        assertThat(output.getAll())
                .doesNotContain(password)
                .doesNotContain("Another-Secret-43")
                .doesNotContain(key)
                .doesNotContain(token)
                .doesNotContain("$2a$")
                .doesNotContain("$2b$");
    }
}

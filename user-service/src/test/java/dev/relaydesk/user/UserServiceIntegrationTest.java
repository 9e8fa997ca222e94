package dev.relaydesk.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.testkit.InternalTokens;
import dev.relaydesk.testkit.PlatformContract;
import dev.relaydesk.testkit.ServiceTest;
import dev.relaydesk.testkit.TopicReader;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@ServiceTest
class UserServiceIntegrationTest extends PlatformContract {

    UserServiceIntegrationTest() {
        super("user-service", "dev.relaydesk.user");
    }

    static final List<String> SEED_USER_FIELDS = List.of(
            "UserID",
            "Username",
            "Email",
            "FirstName",
            "LastName",
            "Notes",
            "Location",
            "Phone",
            "Department",
            "CompanyName",
            "IPAddress",
            "HostName",
            "Lang",
            "UserAgent",
            "AvatarURL",
            "Signature",
            "Greeting",
            "CompanyId",
            "IsAdmin",
            "Disabled",
            "SendEmail",
            "IsTech",
            "LastSeen",
            "IsManager");

    static String bearer(String tenant, long user, String... roles) {
        return "Bearer " + InternalTokens.mint(tenant, user, roles);
    }

    WebTestClient.ResponseSpec verify(String tenant, String username, String password, String... callerRoles) {
        return web.post()
                .uri("/internal/credentials/verify")
                .header("Authorization", bearer(tenant, 0, callerRoles))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                        password == null
                                ? Map.of("username", username)
                                : Map.of("username", username, "password", password))
                .exchange();
    }

    long adminId() {
        Map<String, Object> verified = verify("default", "admin", "admin", "gateway")
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
        return ((Number) verified.get("userId")).longValue();
    }

    @Nested
    class AuthorizationMethod {

        @Test
        void returnsTheCallersUserObjectWithTheSeedsFieldsInOrder() {
            String body = web.get()
                    .uri("/api/Authorization")
                    .header("Authorization", bearer("default", adminId(), "admin"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(fieldNames(body)).containsExactlyElementsOf(SEED_USER_FIELDS);
            assertThat(body)
                    .contains("\"Username\":\"admin\"")
                    .contains("\"Email\":\"admin@testmail\"")
                    .contains("\"IsAdmin\":true")
                    .contains("\"IsTech\":false")
                    .doesNotContain("password")
                    .doesNotContain("$2a$");
        }

        @Test
        void methodNameIsCaseInsensitiveAndPostWorks() {
            web.post()
                    .uri("/API/authorization")
                    .header("Authorization", bearer("default", adminId(), "admin"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.Username")
                    .isEqualTo("admin");
        }

        @Test
        void aTokenForAnUnknownUserIs404() {
            web.get()
                    .uri("/api/Authorization")
                    .header("Authorization", bearer("default", 987654, "user"))
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectBody(String.class)
                    .isEqualTo("User 987654 was not found");
        }

        @Test
        void anotherTenantsUserIsInvisible() {
            web.get()
                    .uri("/api/Authorization")
                    .header("Authorization", bearer("other-tenant", adminId(), "admin"))
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        }

        @Test
        void withoutTheGatewaysTokenTheServiceRefuses() {
            web.get().uri("/api/Authorization").exchange().expectStatus().isUnauthorized();
            web.get()
                    .uri("/api/Authorization")
                    .header("Authorization", "Basic YWRtaW46YWRtaW4=")
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
        }
    }

    @Nested
    class CredentialVerification {

        @Test
        void correctPasswordVerifiesAndNamesTheRoles() {
            verify("default", "admin", "admin", "gateway")
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.userId")
                    .isNumber()
                    .jsonPath("$.roles")
                    .isEqualTo(List.of("admin"));
        }

        @Test
        void loginNameIsCaseInsensitive() {
            verify("default", "ADMIN", "admin", "gateway").expectStatus().isOk();
        }

        @Test
        void wrongPasswordOrUnknownUserIsUnauthorized() {
            verify("default", "admin", "wrong", "gateway").expectStatus().isUnauthorized();
            verify("default", "nobody", "admin", "gateway").expectStatus().isUnauthorized();
        }

        @Test
        void anotherTenantCannotUseTheseCredentials() {
            verify("other-tenant", "admin", "admin", "gateway").expectStatus().isUnauthorized();
        }

        @Test
        void missingPasswordIs400NamingIt() {
            verify("default", "admin", null, "gateway")
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo("Parameter 'password' is required");
        }

        @Test
        void missingBodyIs400NamingUsername() {
            web.post()
                    .uri("/internal/credentials/verify")
                    .header("Authorization", bearer("default", 0, "gateway"))
                    .contentType(MediaType.APPLICATION_JSON)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo("Parameter 'username' is required");
        }

        @Test
        void onlyTheGatewayMayVerify() {
            verify("default", "admin", "admin", "admin").expectStatus().isForbidden();
        }
    }

    @Test
    void theBootstrapAdministratorIsPublishedAsUserCreated() {
        long id = adminId();
        ConsumerRecord<String, CloudEvent> record =
                TopicReader.first("user.users", r -> r.key().equals("default:" + id), Duration.ofSeconds(20));
        CloudEvent event = record.value();
        assertThat(event.getType()).isEqualTo("relaydesk.user.created.v1");
        assertThat(event.getExtension("tenant")).isEqualTo("default");
        assertThat(new String(event.getData().toBytes(), StandardCharsets.UTF_8))
                .contains("\"username\":\"admin\"")
                .contains("\"isAdmin\":true")
                .doesNotContain("password");
    }

    static List<String> fieldNames(String json) {
        var matcher = java.util.regex.Pattern.compile("\"([A-Za-z]+)\":").matcher(json);
        var names = new java.util.ArrayList<String>();
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}

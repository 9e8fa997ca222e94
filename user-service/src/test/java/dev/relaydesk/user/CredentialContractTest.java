package dev.relaydesk.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relaydesk.testkit.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The contract with the gateway: every verify scheme, user tokens, API keys, credential events, sign-in activity. */
class CredentialContractTest extends ApiTestSupport {

    String tenant = newTenant();

    long joe() {
        return createUser(tenant, "email", "joe@acme.test", "username", "joe", "password", "s3cret-Pass");
    }

    String tokenOf(String tenant, long userId, String... roles) {
        return body(web.get()
                        .uri("/User/Token")
                        .header("Authorization", bearer(tenant, userId, roles))
                        .exchange()
                        .expectStatus()
                        .isOk())
                .trim();
    }

    String apiKeyOf(String tenant, long userId) {
        return body(post("ApiKey", bearer(tenant, userId, "user"))
                        .expectStatus()
                        .isOk())
                .replaceAll(".*\"ApiKey\":\"([^\"]+)\".*", "$1");
    }

    @Nested
    class PasswordScheme {

        @Test
        void loginNameOrEmailInAnyCaseVerifiesWithTheUsersRoles() {
            long id = joe();
            for (String login : List.of("joe", "JOE", "Joe@Acme.Test", "ACME\\joe")) {
                Map<String, Object> result =
                        verified(tenant, Map.of("scheme", "password", "username", login, "password", "s3cret-Pass"));
                assertThat(((Number) result.get("userId")).longValue()).isEqualTo(id);
                assertThat(result.get("roles")).isEqualTo(List.of("user"));
            }
        }

        @Test
        void wrongPasswordUnknownUserAndDisabledUserAre401WithoutBody() {
            long id = joe();
            verify(tenant, Map.of("scheme", "password", "username", "joe", "password", "nope"))
                    .expectStatus()
                    .isUnauthorized()
                    .expectBody()
                    .isEmpty();
            verify(tenant, Map.of("username", "nobody", "password", "s3cret-Pass"))
                    .expectStatus()
                    .isUnauthorized();
            post("UpdateUser", admin(tenant), "userId", Long.toString(id), "disabled", "true")
                    .expectStatus()
                    .isOk();
            verify(tenant, Map.of("username", "joe", "password", "s3cret-Pass"))
                    .expectStatus()
                    .isUnauthorized();
            assertThat(event(
                            "user.credentials",
                            tenant,
                            id,
                            "relaydesk.user.credentials-changed.v1",
                            "\"reason\":\"disabled\""))
                    .contains("\"userId\":" + id);
        }

        @Test
        void anotherTenantCannotUseTheCredentials() {
            joe();
            verify(newTenant(), Map.of("username", "joe", "password", "s3cret-Pass"))
                    .expectStatus()
                    .isUnauthorized();
        }

        @Test
        void unknownSchemeIs400NamingIt() {
            verify(tenant, Map.of("scheme", "kerberos"))
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo(
                            "Parameter 'scheme' must be one of password, password-stamp, api-key, user-token, subject");
        }
    }

    @Nested
    class PasswordStampScheme {

        String stampOf(String login, String password) {
            Object stamp = verified(tenant, Map.of("scheme", "password", "username", login, "password", password))
                    .get("stamp");
            assertThat(stamp).isInstanceOf(String.class);
            return (String) stamp;
        }

        WebTestClient.ResponseSpec recheck(String tenant, String login, String stamp) {
            return verify(tenant, Map.of("scheme", "password-stamp", "username", login, "stamp", stamp));
        }

        @Test
        void aPasswordCheckAnswersAStampThatVerifiesTheSameUserWithoutThePassword() {
            long id = joe();
            String stamp = stampOf("joe", "s3cret-Pass");
            assertThat(stamp)
                    .hasSizeGreaterThanOrEqualTo(40)
                    .doesNotContain("s3cret")
                    .doesNotContain("$2");

            Map<String, Object> result =
                    verified(tenant, Map.of("scheme", "password-stamp", "username", "JOE", "stamp", stamp));
            assertThat(((Number) result.get("userId")).longValue()).isEqualTo(id);
            assertThat(result.get("roles")).isEqualTo(List.of("user"));
            assertThat(result.get("stamp")).isEqualTo(stamp);
            // other schemes answer no stamp: their rechecks are cheap as they are
            assertThat(verified(tenant, Map.of("scheme", "user-token", "token", tokenOf(tenant, id, "user"))))
                    .doesNotContainKey("stamp");
        }

        @Test
        void theStampEndsWithAPasswordChangeOrWhenTheUserIsDisabled() {
            long id = joe();
            String stamp = stampOf("joe", "s3cret-Pass");
            post("UpdateUser", admin(tenant), "userId", Long.toString(id), "password", "an0ther-Pass")
                    .expectStatus()
                    .isOk();
            recheck(tenant, "joe", stamp)
                    .expectStatus()
                    .isUnauthorized()
                    .expectBody()
                    .isEmpty();

            String fresh = stampOf("joe", "an0ther-Pass");
            assertThat(fresh).isNotEqualTo(stamp);
            recheck(tenant, "joe", fresh).expectStatus().isOk();
            post("UpdateUser", admin(tenant), "userId", Long.toString(id), "disabled", "true")
                    .expectStatus()
                    .isOk();
            recheck(tenant, "joe", fresh).expectStatus().isUnauthorized();
        }

        @Test
        void aStampVerifiesOnlyItsOwnUserInItsOwnTenant() {
            joe();
            createUser(tenant, "email", "ann@acme.test", "username", "ann", "password", "s3cret-Pass");
            String joes = stampOf("joe", "s3cret-Pass");
            recheck(tenant, "ann", joes).expectStatus().isUnauthorized();
            recheck(tenant, "joe", joes.substring(1) + "A").expectStatus().isUnauthorized();
            recheck(newTenant(), "joe", joes).expectStatus().isUnauthorized();
        }

        @Test
        void missingStampIs400NamingIt() {
            verify(tenant, Map.of("scheme", "password-stamp", "username", "joe"))
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo("Parameter 'stamp' is required");
        }
    }

    @Nested
    class ApiKeyScheme {

        @Test
        void aUsersOwnKeyVerifiesWithTheirEmailUntilRevoked() {
            long id = joe();
            String created = body(
                    post("ApiKey", bearer(tenant, id, "user")).expectStatus().isOk());
            assertThat(fieldNames(created)).containsExactly("ApiKeyID", "UserID", "ApiKey", "CreatedAt");
            String key = created.replaceAll(".*\"ApiKey\":\"([^\"]+)\".*", "$1");
            long keyId = Long.parseLong(created.replaceAll(".*\"ApiKeyID\":(\\d+).*", "$1"));
            assertThat(key).hasSizeGreaterThanOrEqualTo(40);
            assertThat(((Number) verified(tenant, Map.of("scheme", "api-key", "email", "JOE@acme.test", "apiKey", key))
                                    .get("userId"))
                            .longValue())
                    .isEqualTo(id);
            verify(tenant, Map.of("scheme", "api-key", "email", "joe@acme.test", "apiKey", key + "x"))
                    .expectStatus()
                    .isUnauthorized();
            String listed = body(
                    get("ApiKeys", bearer(tenant, id, "user")).expectStatus().isOk());
            assertThat(listed).contains("\"ApiKeyID\":" + keyId).doesNotContain(key);
            post("DeleteApiKey", bearer(tenant, id, "user"), "id", Long.toString(keyId))
                    .expectStatus()
                    .isOk();
            verify(tenant, Map.of("scheme", "api-key", "email", "joe@acme.test", "apiKey", key))
                    .expectStatus()
                    .isUnauthorized();
            assertThat(event(
                            "user.credentials",
                            tenant,
                            id,
                            "relaydesk.user.credentials-changed.v1",
                            "\"reason\":\"api-key\""))
                    .contains("\"userId\":" + id);
        }

        @Test
        void onlyAnAdministratorCreatesKeysForSomeoneElse() {
            long id = joe();
            assertError(
                    post("ApiKey", regular(tenant), "userId", Long.toString(id)),
                    403,
                    "Requires helpdesk-administrator permissions");
            post("ApiKey", admin(tenant), "userId", Long.toString(id))
                    .expectStatus()
                    .isOk();
            assertError(post("ApiKey", admin(tenant), "userId", "999999"), 404, "User 999999 was not found");
            assertError(post("ApiKey", admin(tenant), "userId", "x"), 400, "Parameter 'userId' must be an integer");
        }

        @Test
        void missingKeyIs400NamingIt() {
            verify(tenant, Map.of("scheme", "api-key", "email", "joe@acme.test"))
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo("Parameter 'apiKey' is required");
        }

        @Test
        void aKeyOfAnotherTenantDoesNotVerify() {
            String key = apiKeyOf(tenant, joe());
            verify(newTenant(), Map.of("scheme", "api-key", "email", "joe@acme.test", "apiKey", key))
                    .expectStatus()
                    .isUnauthorized();
        }
    }

    @Nested
    class UserTokenScheme {

        @Test
        void theTokenPageAnswersPlainTextOrJsonAndTheTokenVerifies() {
            long id = joe();
            String token = tokenOf(tenant, id, "user");
            web.get()
                    .uri("/user/token/?json=TRUE")
                    .header("Authorization", bearer(tenant, id, "user"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                    .expectBody()
                    .jsonPath("$.Token")
                    .isEqualTo(token);
            Map<String, Object> result = verified(tenant, Map.of("scheme", "user-token", "token", token));
            assertThat(((Number) result.get("userId")).longValue()).isEqualTo(id);
            verify(tenant, Map.of("scheme", "user-token", "token", token + "A"))
                    .expectStatus()
                    .isUnauthorized();
            verify(newTenant(), Map.of("scheme", "user-token", "token", token))
                    .expectStatus()
                    .isUnauthorized();
        }

        @Test
        void aPasswordChangeInvalidatesTheUsersTokens() {
            long id = joe();
            String token = tokenOf(tenant, id, "user");
            post("UpdateUser", admin(tenant), "userId", Long.toString(id), "password", "an0ther-Pass")
                    .expectStatus()
                    .isOk();
            verify(tenant, Map.of("scheme", "user-token", "token", token))
                    .expectStatus()
                    .isUnauthorized();
            String fresh = tokenOf(tenant, id, "user");
            assertThat(fresh).isNotEqualTo(token);
            verify(tenant, Map.of("scheme", "user-token", "token", fresh))
                    .expectStatus()
                    .isOk();
            verify(tenant, Map.of("username", "joe", "password", "an0ther-Pass"))
                    .expectStatus()
                    .isOk();
            assertThat(event(
                            "user.credentials",
                            tenant,
                            id,
                            "relaydesk.user.credentials-changed.v1",
                            "\"reason\":\"password\""))
                    .contains("\"userId\":" + id);
        }

        @Test
        void rotatingTheSharedSecretInvalidatesEveryTokenOfTheTenant() {
            long id = joe();
            String token = tokenOf(tenant, id, "user");
            assertError(
                    post("RotateSharedSecret", regular(tenant)), 403, "Requires helpdesk-administrator permissions");
            verify(tenant, Map.of("scheme", "user-token", "token", token))
                    .expectStatus()
                    .isOk();
            post("RotateSharedSecret", admin(tenant)).expectStatus().isOk();
            verify(tenant, Map.of("scheme", "user-token", "token", token))
                    .expectStatus()
                    .isUnauthorized();
            assertThat(event("user.credentials", tenant, tenant, "relaydesk.tenant.shared-secret-rotated.v1"))
                    .contains("\"occurredAt\"");
        }

        @Test
        void aTokenForAnUnknownUserIs404AndAMissingTokenIs400() {
            assertError(
                    web.get()
                            .uri("/User/Token")
                            .header("Authorization", bearer(tenant, 424242, "user"))
                            .exchange(),
                    404,
                    "User 424242 was not found");
            verify(tenant, Map.of("scheme", "user-token"))
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo("Parameter 'token' is required");
        }
    }

    @Nested
    class SubjectScheme {

        @Test
        void anOidcSubjectMapsToTheUserByEmail() {
            long id = joe();
            Map<String, Object> result =
                    verified(tenant, Map.of("scheme", "subject", "email", "JOE@ACME.test", "subject", "oidc|42"));
            assertThat(((Number) result.get("userId")).longValue()).isEqualTo(id);
            verify(tenant, Map.of("scheme", "subject", "email", "nobody@acme.test", "subject", "oidc|43"))
                    .expectStatus()
                    .isUnauthorized();
            verify(tenant, Map.of("scheme", "subject", "email", "joe@acme.test"))
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo("Parameter 'subject' is required");
        }
    }

    @Nested
    class SignInActivity {

        CloudEvent succeeded(String id, String tenant, long userId, String ip, String at) {
            String data = "{\"userId\":" + userId + ",\"ipAddress\":\"" + ip + "\",\"hostName\":\"host-" + ip
                    + "\",\"userAgent\":\"curl/8\",\"occurredAt\":\"" + at + "\"}";
            return CloudEventBuilder.v1()
                    .withId(id)
                    .withSource(URI.create("/relaydesk/gateway"))
                    .withType("relaydesk.auth.succeeded.v1")
                    .withExtension("tenant", tenant)
                    .withDataContentType("application/json")
                    .withData(data.getBytes(StandardCharsets.UTF_8))
                    .build();
        }

        String user(long id) {
            return body(get("User?userId=" + id, admin(tenant)).expectStatus().isOk());
        }

        @Test
        void authSucceededEventsMoveLastSeenForwardOnceEach() {
            long id = joe();
            String key = tenant + ":" + id;
            String first = UUID.randomUUID().toString();
            TopicReader.publish(
                    "gateway.authentications", key, succeeded(first, tenant, id, "10.0.0.1", "2030-01-01T10:00:00Z"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(user(id))
                    .contains("\"LastSeen\":\"2030-01-01T10:00:00Z\"")
                    .contains("\"IPAddress\":\"10.0.0.1\"")
                    .contains("\"HostName\":\"host-10.0.0.1\"")
                    .contains("\"UserAgent\":\"curl/8\""));
            // An older event does not move LastSeen back; a redelivered id is not applied again.
            TopicReader.publish(
                    "gateway.authentications",
                    key,
                    succeeded(UUID.randomUUID().toString(), tenant, id, "10.0.0.2", "2030-01-01T09:00:00Z"));
            TopicReader.publish(
                    "gateway.authentications", key, succeeded(first, tenant, id, "10.0.0.3", "2030-01-01T12:00:00Z"));
            TopicReader.publish(
                    "gateway.authentications",
                    key,
                    succeeded(UUID.randomUUID().toString(), tenant, id, "10.0.0.4", "2030-01-01T11:00:00Z"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(user(id))
                    .contains("\"LastSeen\":\"2030-01-01T11:00:00Z\"")
                    .contains("\"IPAddress\":\"10.0.0.4\""));
        }
    }
}

package dev.relaydesk.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.gateway.authentication.Caller;
import dev.relaydesk.gateway.authentication.CredentialVerification;
import dev.relaydesk.gateway.token.InternalTokenMinting;
import dev.relaydesk.gateway.token.SigningKey;
import dev.relaydesk.gateway.token.TokenSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The credential cache checks a credential that is still in use again in the background, before it expires, against
 * the stub user-service of {@link ServiceStubs}: requests keep being answered from the cache meanwhile, and a refusal
 * found by the recheck ends the credential's use at the next request.
 */
class CredentialRecheckTest {

    static final Duration TTL = Duration.ofMillis(2400);
    static final Duration PAST_REFRESH = Duration.ofMillis(2000); // after 3/4 of the period, before its end

    final ServiceStubs stubs = ServiceStubs.get();
    final InternalTokenMinting tokens = new InternalTokenMinting(SigningKey.ephemeral(), TokenSettings.forTests());
    final CredentialVerification verification = new CredentialVerification(
            WebClient.create(),
            URI.create(stubs.baseUrl("user-service") + ServiceStubs.VERIFY_PATH),
            Duration.ofSeconds(5),
            tokens,
            TTL,
            1000);

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Caller verify(String tenant, String authorization) {
        return verification.verify(TenantId.of(tenant), authorization).block(Duration.ofSeconds(5));
    }

    @Test
    void recheckStartsAfterThreeQuartersOfTheCachePeriod() {
        assertThat(CredentialVerification.refreshAfter(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void aCredentialInUseIsCheckedAgainInTheBackgroundWhileRequestsAreAnsweredFromTheCache() throws Exception {
        String admin = basic("admin", "admin");
        assertThat(verify("recheck-used", admin)).isNotNull();
        assertThat(stubs.verifyCallsFor("recheck-used")).hasSize(1);

        Thread.sleep(PAST_REFRESH.toMillis());
        long started = System.nanoTime();
        Caller caller = verify("recheck-used", admin);

        assertThat(caller).isNotNull();
        assertThat(caller.userId()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(stubs.verifyCallsFor("recheck-used"))
                .hasSize(2));
        // the recheck sent the stamp user-service answered, not the password (no password hash per recheck)
        String recheck = stubs.verifyCallsFor("recheck-used").get(1).body();
        assertThat(recheck)
                .contains("\"scheme\":\"password-stamp\"", "\"stamp\":\"stamp:admin\"", "\"username\":\"admin\"");
        assertThat(recheck).doesNotContain("\"password\"");
        // the recheck restarted the period: past the first period's end the credential is still served from the cache
        Thread.sleep(TTL.minus(PAST_REFRESH).plusMillis(100).toMillis());
        assertThat(verify("recheck-used", admin)).isNotNull();
        assertThat(stubs.verifyCallsFor("recheck-used")).hasSize(2);
    }

    @Test
    void aRefusalFoundByTheRecheckEndsTheCredentialsUse() throws Exception {
        String admin = basic("admin", "admin");
        assertThat(verify("recheck-revoked", admin)).isNotNull();
        stubs.revoked.add("recheck-revoked:admin");

        Thread.sleep(PAST_REFRESH.toMillis());
        verify("recheck-revoked", admin); // answered from the cache; starts the recheck, which user-service refuses
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(stubs.verifyCallsFor("recheck-revoked"))
                .hasSize(2));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(verify("recheck-revoked", admin))
                .isNull());
    }

    @Test
    void aCredentialWithoutAStampIsRecheckedAsPresented() throws Exception {
        String token = "Bearer ut-admin-recheck";
        assertThat(verify("recheck-token", token)).isNotNull();

        Thread.sleep(PAST_REFRESH.toMillis());
        assertThat(verify("recheck-token", token)).isNotNull();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(stubs.verifyCallsFor("recheck-token"))
                .hasSize(2));
        assertThat(stubs.verifyCallsFor("recheck-token").get(1).body())
                .contains("\"scheme\":\"user-token\"", "\"token\":\"ut-admin-recheck\"");
    }

    @Test
    void aCredentialNobodyUsedExpiresAndIsCheckedOnItsNextUse() throws Exception {
        String admin = basic("admin", "admin");
        assertThat(verify("recheck-idle", admin)).isNotNull();

        Thread.sleep(TTL.plusMillis(200).toMillis());
        assertThat(verify("recheck-idle", admin)).isNotNull();

        assertThat(stubs.verifyCallsFor("recheck-idle")).hasSize(2);
    }
}

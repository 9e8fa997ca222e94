package dev.relaydesk.user.credential;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.contract.TenantId;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.user.account.UserAccounts;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The seed's user tokens ({@code /User/Token}, used as {@code Bearer <token>}): {@code <tenant>.<userId>.<mac>}, where
 * the mac is an HMAC-SHA256 over tenant, user id and the user's {@code credentials_changed_at}, keyed by the tenant's
 * shared secret. Nothing is stored per token: a password change or a rotated shared secret makes every earlier token
 * fail verification.
 */
@Service
public class UserTokens {

    private final UserAccounts accounts;
    private final TenantSecrets secrets;
    private final TransactionalOperator tx;

    public UserTokens(UserAccounts accounts, TenantSecrets secrets, TransactionalOperator tx) {
        this.accounts = accounts;
        this.secrets = secrets;
        this.tx = tx;
    }

    /** The caller's own token. */
    public Mono<String> issueFor(Caller caller) {
        long userId = caller.userId();
        return tx.transactional(accounts.credentialsChangedAt(userId)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("User", userId)))
                .flatMap(changedAt -> secrets.current()
                        .map(secret -> caller.tenant().value() + "." + userId + "."
                                + mac(secret, caller.tenant(), userId, changedAt))));
    }

    /** The enabled user {@code token} names in {@code tenant}, when its mac still checks out; empty otherwise. */
    public Mono<CredentialCheck.VerifiedUser> verify(TenantId tenant, String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(tenant.value())) {
            return Mono.empty();
        }
        long userId;
        try {
            userId = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return Mono.empty();
        }
        byte[] presented = parts[2].getBytes(StandardCharsets.US_ASCII);
        return tx.transactional(accounts.credentialById(userId).flatMap(stored -> accounts.credentialsChangedAt(userId)
                .flatMap(changedAt -> secrets.existing().map(secret -> mac(secret, tenant, userId, changedAt)))
                .filter(expected -> MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), presented))
                .map(ok -> new CredentialCheck.VerifiedUser(userId, CredentialCheck.rolesOf(stored)))));
    }

    static String mac(byte[] secret, TenantId tenant, long userId, Instant changedAt) {
        long micros = changedAt.getEpochSecond() * 1_000_000L + changedAt.getNano() / 1_000;
        String message = tenant.value() + "\n" + userId + "\n" + micros;
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(hmac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}

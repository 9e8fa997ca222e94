package dev.relaydesk.user.credential;

import dev.relaydesk.contract.Role;
import dev.relaydesk.contract.TenantId;
import dev.relaydesk.user.account.PasswordHashing;
import dev.relaydesk.user.account.UserAccounts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Verifies what the gateway was given (password, API key, user token, or an OIDC subject it verified itself) and
 * answers who the user is and what roles they hold. Disabled users never verify; every failure is simply empty.
 *
 * <p>A password check also answers a <em>stamp</em>: a digest of the user's id and stored password hash. The gateway
 * rechecks a cached password credential with the login and that stamp ({@link #passwordStamp}) instead of the
 * password, so a busy client costs one row lookup per recheck, not a bcrypt check: the stamp still matches only while
 * the login names the same enabled user with the same password.
 */
@Service
public class CredentialCheck {

    private final UserAccounts accounts;
    private final PasswordHashing hashing;
    private final ApiKeys apiKeys;
    private final UserTokens tokens;
    private final TransactionalOperator tx;

    public CredentialCheck(
            UserAccounts accounts,
            PasswordHashing hashing,
            ApiKeys apiKeys,
            UserTokens tokens,
            TransactionalOperator tx) {
        this.accounts = accounts;
        this.hashing = hashing;
        this.apiKeys = apiKeys;
        this.tokens = tokens;
        this.tx = tx;
    }

    /** By login name or e-mail and password. */
    public Mono<VerifiedUser> password(String login, String password) {
        return tx.transactional(accounts.credentialOf(login))
                .flatMap(stored -> hashing.matches(password, stored.passwordHash())
                        .filter(Boolean::booleanValue)
                        .map(ok -> verifiedWithStamp(stored)))
                .switchIfEmpty(
                        Mono.defer(() -> hashing.spendDecoyCheck(password).then(Mono.empty())));
    }

    /**
     * By login name or e-mail and the stamp a {@link #password} check answered: valid while the login still names that
     * enabled user and their password has not changed. No password hashing.
     */
    public Mono<VerifiedUser> passwordStamp(String login, String stamp) {
        byte[] presented = stamp.getBytes(StandardCharsets.US_ASCII);
        return tx.transactional(accounts.credentialOf(login))
                .filter(stored -> MessageDigest.isEqual(stampOf(stored).getBytes(StandardCharsets.US_ASCII), presented))
                .map(CredentialCheck::verifiedWithStamp);
    }

    /** SHA-256 of the user id and the stored (salted bcrypt) password hash, base64url: reveals neither. */
    static String stampOf(UserAccounts.StoredCredential stored) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("relaydesk-credential-stamp/1:" + stored.userId() + ":" + stored.passwordHash())
                            .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** By e-mail and API key ({@code Basic email:api_key}). */
    public Mono<VerifiedUser> apiKey(String email, String key) {
        return apiKeys.verify(email, key).map(CredentialCheck::verified);
    }

    /** By user token ({@code Bearer <token>}). */
    public Mono<VerifiedUser> userToken(TenantId tenant, String token) {
        return tokens.verify(tenant, token);
    }

    /** An OIDC user the gateway has verified, mapped to an enabled user by e-mail. */
    public Mono<VerifiedUser> subject(String email) {
        return tx.transactional(accounts.credentialByEmail(email)).map(CredentialCheck::verified);
    }

    private static VerifiedUser verified(UserAccounts.StoredCredential stored) {
        return new VerifiedUser(stored.userId(), rolesOf(stored), null);
    }

    private static VerifiedUser verifiedWithStamp(UserAccounts.StoredCredential stored) {
        return new VerifiedUser(stored.userId(), rolesOf(stored), stampOf(stored));
    }

    static Set<Role> rolesOf(UserAccounts.StoredCredential stored) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (stored.admin()) {
            roles.add(Role.ADMIN);
        }
        if (stored.technician()) {
            roles.add(Role.TECHNICIAN);
        }
        if (stored.manager()) {
            roles.add(Role.MANAGER);
        }
        if (roles.isEmpty()) {
            roles.add(Role.USER);
        }
        return roles;
    }

    /**
     * A user whose credentials checked out; {@code stamp} (password checks only, else null) lets the gateway recheck
     * them without the password.
     */
    public record VerifiedUser(long userId, Set<Role> roles, String stamp) {

        public VerifiedUser(long userId, Set<Role> roles) {
            this(userId, roles, null);
        }
    }
}

package dev.relaydesk.user.credential;

import dev.relaydesk.contract.Role;
import dev.relaydesk.contract.TenantId;
import dev.relaydesk.user.account.PasswordHashing;
import dev.relaydesk.user.account.UserAccounts;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Verifies what the gateway was given (password, API key, user token, or an OIDC subject it verified itself) and
 * answers who the user is and what roles they hold. Disabled users never verify; every failure is simply empty.
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
                        .map(ok -> verified(stored)))
                .switchIfEmpty(
                        Mono.defer(() -> hashing.spendDecoyCheck(password).then(Mono.empty())));
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
        return new VerifiedUser(stored.userId(), rolesOf(stored));
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

    /** A user whose credentials checked out. */
    public record VerifiedUser(long userId, Set<Role> roles) {}
}

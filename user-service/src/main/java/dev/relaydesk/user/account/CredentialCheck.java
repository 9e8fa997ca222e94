package dev.relaydesk.user.account;

import dev.relaydesk.contract.Role;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Verifies a login name and password for the gateway; answers who the user is and what roles they hold. */
@Service
public class CredentialCheck {

    private final UserAccounts accounts;
    private final PasswordHashing hashing;
    private final TransactionalOperator tx;

    public CredentialCheck(UserAccounts accounts, PasswordHashing hashing, TransactionalOperator tx) {
        this.accounts = accounts;
        this.hashing = hashing;
        this.tx = tx;
    }

    /** The verified user, or empty when the name is unknown, the user disabled or the password wrong. */
    public Mono<VerifiedUser> verify(String username, String password) {
        return tx.transactional(accounts.credentialOf(username))
                .flatMap(stored -> hashing.matches(password, stored.passwordHash())
                        .filter(Boolean::booleanValue)
                        .map(ok -> new VerifiedUser(stored.userId(), rolesOf(stored))))
                .switchIfEmpty(
                        Mono.defer(() -> hashing.spendDecoyCheck(password).then(Mono.empty())));
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

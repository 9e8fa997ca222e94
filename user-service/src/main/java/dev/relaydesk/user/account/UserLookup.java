package dev.relaydesk.user.account;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.user.permission.Access;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reading users: the caller themself (anyone), any user or the list (administrators and technicians). */
@Service
public class UserLookup {

    private final UserAccounts accounts;
    private final TransactionalOperator tx;

    public UserLookup(UserAccounts accounts, TransactionalOperator tx) {
        this.accounts = accounts;
        this.tx = tx;
    }

    public Mono<UserAccount> self(Caller caller) {
        return tx.transactional(accounts.byId(caller.userId()))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("User", caller.userId())));
    }

    public Mono<UserAccount> byId(Caller caller, long id) {
        return Access.asTechnician(
                caller,
                tx.transactional(accounts.byId(id)).switchIfEmpty(Mono.error(() -> ApiException.notFound("User", id))));
    }

    public Mono<UserAccount> byEmail(Caller caller, String email) {
        return Access.asTechnician(
                caller,
                tx.transactional(accounts.byEmail(email))
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("User with e-mail", email))));
    }

    public Mono<UserAccount> byUsername(Caller caller, String username) {
        return Access.asTechnician(
                caller,
                tx.transactional(accounts.byUsername(username))
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("User", username))));
    }

    public Flux<UserAccount> list(Caller caller, UserListQuery query) {
        return Access.asTechnician(caller, tx.transactional(accounts.list(query).collectList()))
                .flatMapIterable(list -> list);
    }
}

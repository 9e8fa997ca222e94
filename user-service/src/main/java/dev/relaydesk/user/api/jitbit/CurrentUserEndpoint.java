package dev.relaydesk.user.api.jitbit;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.user.account.UserAccounts;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code Authorization}: lets an integration check its credentials; answers the caller's own user object. */
@RestController
class CurrentUserEndpoint {

    private final UserAccounts accounts;
    private final TransactionalOperator tx;

    CurrentUserEndpoint(UserAccounts accounts, TransactionalOperator tx) {
        this.accounts = accounts;
        this.tx = tx;
    }

    @RequestMapping(
            path = "/api/authorization",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<JitbitUser> authorization(Caller caller) {
        return tx.transactional(accounts.byId(caller.userId()))
                .map(JitbitUser::of)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("User", caller.userId())));
    }
}

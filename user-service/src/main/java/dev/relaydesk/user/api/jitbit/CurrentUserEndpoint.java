package dev.relaydesk.user.api.jitbit;

import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.user.account.UserLookup;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code Authorization}: lets an integration check its credentials; answers the caller's own user object. */
@RestController
class CurrentUserEndpoint {

    private final UserLookup users;

    CurrentUserEndpoint(UserLookup users) {
        this.users = users;
    }

    @RequestMapping(
            path = "/api/authorization",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<JitbitUser> authorization(Caller caller) {
        return users.self(caller).map(JitbitUser::of);
    }
}

package dev.relaydesk.automation.rule;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import reactor.core.publisher.Mono;

/** Automation is configured by administrators only; everyone else gets a 403 that says so. */
public final class Access {

    private Access() {}

    public static <T> Mono<T> asAdministrator(Caller caller, Mono<T> action) {
        return caller.isAdmin()
                ? action
                : Mono.error(ApiException.forbidden("Requires helpdesk-administrator permissions"));
    }
}

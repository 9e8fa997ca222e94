package dev.relaydesk.ticket.access;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import reactor.core.publisher.Mono;

/** The role checks every feature shares; a caller without the role gets a 403 that says what is required. */
public final class Access {

    private Access() {}

    public static <T> Mono<T> asAdministrator(Caller caller, Mono<T> action) {
        return caller.isAdmin()
                ? action
                : Mono.error(ApiException.forbidden("Requires helpdesk-administrator permissions"));
    }

    public static <T> Mono<T> asTechnician(Caller caller, Mono<T> action) {
        return caller.isTechnician()
                ? action
                : Mono.error(ApiException.forbidden("Requires helpdesk-administrator or technician permissions"));
    }
}

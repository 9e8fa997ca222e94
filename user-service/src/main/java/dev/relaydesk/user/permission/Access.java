package dev.relaydesk.user.permission;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import reactor.core.publisher.Mono;

/**
 * The seed's permission rules in one place: administrators manage users, companies and permissions; administrators or
 * technicians read them; everyone else gets a 403 that says what is required.
 */
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

    /** An administrator, or the user acting on themself. */
    public static <T> Mono<T> asAdministratorOrSelf(Caller caller, long userId, Mono<T> action) {
        return caller.isAdmin() || caller.userId() == userId
                ? action
                : Mono.error(ApiException.forbidden("Requires helpdesk-administrator permissions"));
    }
}

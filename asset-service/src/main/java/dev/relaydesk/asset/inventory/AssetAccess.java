package dev.relaydesk.asset.inventory;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import reactor.core.publisher.Mono;

/**
 * Who may do what with assets. Asset management is a technician feature in the seed's product: administrators and
 * technicians read, create, update, assign, link, enable and disable assets and set their custom fields; only
 * administrators define asset custom fields; managers and regular users get a 403 that says what is required.
 */
public final class AssetAccess {

    private AssetAccess() {}

    public static <T> Mono<T> asTechnician(Caller caller, Mono<T> action) {
        return caller.isTechnician()
                ? action
                : Mono.error(ApiException.forbidden("Requires helpdesk-administrator or technician permissions"));
    }

    public static <T> Mono<T> asAdministrator(Caller caller, Mono<T> action) {
        return caller.isAdmin()
                ? action
                : Mono.error(ApiException.forbidden("Requires helpdesk-administrator permissions"));
    }
}

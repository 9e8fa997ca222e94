package dev.relaydesk.kb.article;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import reactor.core.publisher.Mono;

/**
 * Who may change the knowledge base: administrators and technicians. Everyone in the tenant reads it, except that
 * technician-only articles (and the articles of technician-only categories) are hidden from regular users.
 */
final class Editors {

    private Editors() {}

    static <T> Mono<T> only(Caller caller, Mono<T> action) {
        return caller.isTechnician()
                ? action
                : Mono.error(ApiException.forbidden("Requires helpdesk-administrator or technician permissions"));
    }
}

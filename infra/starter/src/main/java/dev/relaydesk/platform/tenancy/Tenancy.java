package dev.relaydesk.platform.tenancy;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.platform.security.Caller;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Which tenant the current reactive pipeline works for: an explicit tenant in the Reactor context (event consumers,
 * background jobs) wins over the authenticated caller's tenant (requests).
 */
public final class Tenancy {

    private Tenancy() {}

    /** The current tenant, or empty when the pipeline runs for no tenant. */
    public static Mono<TenantId> current() {
        return Mono.deferContextual(ctx -> ctx.<TenantId>getOrEmpty(TenantId.class)
                .map(Mono::just)
                .orElseGet(() -> ReactiveSecurityContextHolder.getContext()
                        .mapNotNull(sc -> sc.getAuthentication())
                        .mapNotNull(auth -> auth.getPrincipal() instanceof Caller c ? c.tenant() : null)));
    }

    /** The current tenant; an error when there is none. */
    public static Mono<TenantId> required() {
        return current().switchIfEmpty(Mono.error(() -> new IllegalStateException("no tenant in this context")));
    }

    /** A Reactor context that makes {@code tenant} current for everything upstream of {@code contextWrite}. */
    public static Context of(TenantId tenant) {
        return Context.of(TenantId.class, tenant);
    }
}

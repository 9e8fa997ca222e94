package dev.relaydesk.platform.observability;

import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.tenancy.Tenancy;
import org.springframework.core.Ordered;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * After authentication, makes the caller's tenant the pipeline's tenant, so it reaches the logs of the whole request
 * (see {@link TenantLogContext}) and every transaction the request opens.
 */
public class CallerLogContext implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(sc ->
                        sc.getAuthentication() != null && sc.getAuthentication().getPrincipal() instanceof Caller c
                                ? c
                                : null)
                .map(caller -> chain.filter(exchange).contextWrite(Tenancy.of(caller.tenant())))
                .defaultIfEmpty(Mono.defer(() -> chain.filter(exchange)))
                .flatMap(filtered -> filtered);
    }

    @Override
    public int getOrder() {
        return 0; // after Spring Security's filter chain (order -100), which authenticates the caller
    }
}

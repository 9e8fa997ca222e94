package dev.relaydesk.gateway.authentication;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.gateway.tenancy.TenantResolutionFilter;
import dev.relaydesk.gateway.web.DialectErrors;
import dev.relaydesk.gateway.web.PublicPaths;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Lets a request past only with credentials user-service accepts (public endpoints aside), and leaves the verified
 * {@link Caller} on the exchange for the internal token. Everything else is a 401 with a {@code WWW-Authenticate}
 * challenge and an error body in the request's dialect.
 */
public final class CallerAuthentication implements WebFilter, Ordered {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 400;
    private static final String ATTRIBUTE = CallerAuthentication.class.getName() + ".caller";

    private final CredentialVerification verification;
    private final String challenge;
    private final DialectErrors errors;

    public CallerAuthentication(CredentialVerification verification, String realm, DialectErrors errors) {
        this.verification = verification;
        this.challenge = "Basic realm=\"" + realm + "\"";
        this.errors = errors;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** The verified caller of the exchange, or null when there is none (public endpoints). */
    public static Caller callerOf(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (PublicPaths.matches(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        TenantId tenant = TenantResolutionFilter.of(exchange);
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (tenant == null || !CredentialVerification.isSupported(authorization)) {
            return challenge(exchange);
        }
        return verification
                .verify(tenant, authorization)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(caller -> {
                    if (caller.isEmpty()) {
                        return challenge(exchange);
                    }
                    exchange.getAttributes().put(ATTRIBUTE, caller.get());
                    return chain.filter(exchange);
                });
    }

    private Mono<Void> challenge(ServerWebExchange exchange) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        return errors.respond(exchange, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized");
    }
}

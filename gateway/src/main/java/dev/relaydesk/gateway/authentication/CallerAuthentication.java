package dev.relaydesk.gateway.authentication;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.gateway.events.AuthenticationEvents;
import dev.relaydesk.gateway.lockout.LoginLockout;
import dev.relaydesk.gateway.tenancy.TenantResolutionFilter;
import dev.relaydesk.gateway.web.ClientAddress;
import dev.relaydesk.gateway.web.DialectErrors;
import dev.relaydesk.gateway.web.PublicPaths;
import java.time.Duration;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Lets a request past only with credentials user-service accepts (public endpoints aside), and leaves the verified
 * {@link Caller} on the exchange for the rate limits and the internal token. Missing or wrong credentials are a 401
 * with a {@code WWW-Authenticate} challenge in the request's dialect; wrong ones also count towards the client IP's
 * lock-out, and a blocked IP gets 403 with {@code Retry-After} before its credentials are even looked at. A success is
 * announced (at most once a minute per user) for last-seen data, off the request path.
 */
public final class CallerAuthentication implements WebFilter, Ordered {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 400;
    private static final String ATTRIBUTE = CallerAuthentication.class.getName() + ".caller";

    private final CredentialVerification verification;
    private final String challenge;
    private final DialectErrors errors;
    private final LoginLockout lockout;
    private final ClientAddress clientAddress;
    private final AuthenticationEvents events;

    public CallerAuthentication(
            CredentialVerification verification,
            String realm,
            DialectErrors errors,
            LoginLockout lockout,
            ClientAddress clientAddress,
            AuthenticationEvents events) {
        this.verification = verification;
        this.challenge = "Basic realm=\"" + realm + "\"";
        this.errors = errors;
        this.lockout = lockout;
        this.clientAddress = clientAddress;
        this.events = events;
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
        ServerHttpRequest request = exchange.getRequest();
        if (PublicPaths.matches(request.getPath().value())) {
            return chain.filter(exchange);
        }
        TenantId tenant = TenantResolutionFilter.of(exchange);
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (tenant == null || !CredentialVerification.isPresent(authorization)) {
            return challenge(exchange);
        }
        String ip = clientAddress.of(request);
        return lockout.status(ip).flatMap(status -> {
            if (status.blocked()) {
                return blocked(exchange, status.blockedFor());
            }
            return verification
                    .verify(tenant, authorization)
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty())
                    .flatMap(verified -> {
                        if (verified.isEmpty()) {
                            return lockout.recordFailure(ip).then(challenge(exchange));
                        }
                        Caller caller = verified.get();
                        exchange.getAttributes().put(ATTRIBUTE, caller);
                        if (events != null) {
                            events.succeeded(caller, ip, request.getHeaders().getFirst(HttpHeaders.USER_AGENT));
                        }
                        Mono<Void> next = chain.filter(exchange);
                        return status.hasFailures() ? lockout.recordSuccess(ip).then(next) : next;
                    });
        });
    }

    private Mono<Void> challenge(ServerWebExchange exchange) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        return errors.respond(exchange, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized");
    }

    private Mono<Void> blocked(ServerWebExchange exchange, Duration left) {
        long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return errors.respond(
                exchange,
                HttpStatus.FORBIDDEN,
                "ip_blocked",
                "Your IP address is blocked after too many failed logins. Try again in " + seconds + " seconds.");
    }
}

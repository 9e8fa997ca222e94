package dev.relaydesk.gateway.ratelimit;

import dev.relaydesk.gateway.authentication.Caller;
import dev.relaydesk.gateway.authentication.CallerAuthentication;
import dev.relaydesk.gateway.web.DialectErrors;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Applies the rate limit of the authenticated caller (per tenant and user) before a request is forwarded: every
 * limited response carries {@code X-Rate-Limit} (calls a minute) and {@code X-Rate-Limit-Remaining}; a caller over the
 * limit gets 429 with {@code Retry-After} (seconds) in the dialect's error shape.
 */
public final class RateLimitFilter implements WebFilter, Ordered {

    public static final int ORDER = CallerAuthentication.ORDER + 100;
    public static final String LIMIT = "X-Rate-Limit";
    public static final String REMAINING = "X-Rate-Limit-Remaining";

    private final RateLimitPolicy policy;
    private final RateLimiting limiting;
    private final DialectErrors errors;

    public RateLimitFilter(RateLimitPolicy policy, RateLimiting limiting, DialectErrors errors) {
        this.policy = policy;
        this.limiting = limiting;
        this.errors = errors;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Caller caller = CallerAuthentication.callerOf(exchange);
        if (caller == null) {
            return chain.filter(exchange);
        }
        RateLimitPolicy.Limits limits = policy.limitsOf(caller.tenant().value());
        if (limits == null) {
            return chain.filter(exchange);
        }
        boolean search = policy.isSearch(
                exchange.getRequest().getPath().value(), exchange.getRequest().getQueryParams());
        int perMinute = search ? limits.searchPerMinute() : limits.perMinute();
        return limiting.consume(new RateLimiting.BucketKey(caller.tenant().value(), caller.userId(), search, perMinute))
                .flatMap(outcome -> {
                    HttpHeaders headers = exchange.getResponse().getHeaders();
                    headers.set(LIMIT, Integer.toString(perMinute));
                    headers.set(REMAINING, Long.toString(outcome.remaining() < 0 ? perMinute : outcome.remaining()));
                    if (outcome.allowed()) {
                        return chain.filter(exchange);
                    }
                    long seconds = Math.max(1, (outcome.retryAfterNanos() + 999_999_999L) / 1_000_000_000L);
                    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                    return errors.respond(
                            exchange,
                            HttpStatus.TOO_MANY_REQUESTS,
                            "rate_limited",
                            "Rate limit exceeded: at most " + perMinute + " calls a minute. Retry in " + seconds
                                    + " seconds.");
                });
    }
}

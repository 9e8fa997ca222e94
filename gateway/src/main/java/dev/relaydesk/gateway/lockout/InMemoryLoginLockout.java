package dev.relaydesk.gateway.lockout;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** Lock-out state in this replica's memory: right for a single gateway, per replica otherwise. */
public final class InMemoryLoginLockout implements LoginLockout {

    private static final Mono<Status> CLEAR = Mono.just(Status.CLEAR);
    private static final Mono<Status> FAILED_BEFORE = Mono.just(Status.FAILED_BEFORE);

    private final int maxFailures;
    private final long blockNanos;
    private final Ticker ticker;
    private final Cache<String, State> states;

    /** Failures in a row, and until when (ticker nanos) the IP is blocked, 0 when it is not. */
    private record State(int failures, long blockedUntil) {}

    public InMemoryLoginLockout(int maxFailures, Duration blockDuration, long maximumSize) {
        this(maxFailures, blockDuration, maximumSize, Ticker.systemTicker());
    }

    InMemoryLoginLockout(int maxFailures, Duration blockDuration, long maximumSize, Ticker ticker) {
        this.maxFailures = maxFailures;
        this.blockNanos = blockDuration.toNanos();
        this.ticker = ticker;
        this.states = Caffeine.newBuilder()
                .expireAfterWrite(blockDuration)
                .maximumSize(maximumSize)
                .ticker(ticker)
                .build();
    }

    @Override
    public Mono<Status> status(String ip) {
        State state = states.getIfPresent(ip);
        if (state == null) {
            return CLEAR;
        }
        long left = state.blockedUntil() - ticker.read();
        if (state.blockedUntil() != 0 && left > 0) {
            return Mono.just(new Status(Duration.ofNanos(left), true));
        }
        return state.blockedUntil() != 0 ? CLEAR : FAILED_BEFORE;
    }

    @Override
    public Mono<Void> recordFailure(String ip) {
        long now = ticker.read();
        states.asMap().compute(ip, (k, state) -> {
            int failures = state == null || state.blockedUntil() != 0 ? 1 : state.failures() + 1;
            if (state != null && state.blockedUntil() != 0 && state.blockedUntil() - now > 0) {
                return state; // already blocked: a failure does not extend the block
            }
            return failures >= maxFailures ? new State(failures, now + blockNanos) : new State(failures, 0);
        });
        return Mono.empty();
    }

    @Override
    public Mono<Void> recordSuccess(String ip) {
        State state = states.getIfPresent(ip);
        if (state != null && state.blockedUntil() == 0) {
            states.asMap().remove(ip, state);
        }
        return Mono.empty();
    }
}

package dev.relaydesk.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Bucket4j buckets in this replica's memory, one per tenant, user and kind of call, forgotten two minutes after their
 * last use (a full refill takes one). Lock-free: a call is one map lookup and one compare-and-swap.
 */
public final class InMemoryRateLimiting implements RateLimiting {

    private final Cache<BucketKey, Bucket> buckets;

    public InMemoryRateLimiting(long maximumSize) {
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofMinutes(2))
                .maximumSize(maximumSize)
                .build();
    }

    @Override
    public Mono<Outcome> consume(BucketKey key) {
        Bucket bucket = buckets.get(key, InMemoryRateLimiting::newBucket);
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return Mono.just(new Outcome(probe.isConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill()));
    }

    static Bandwidth perMinute(int calls) {
        return Bandwidth.builder()
                .capacity(calls)
                .refillGreedy(calls, Duration.ofMinutes(1))
                .build();
    }

    private static Bucket newBucket(BucketKey key) {
        return Bucket.builder().addLimit(perMinute(key.perMinute())).build();
    }
}

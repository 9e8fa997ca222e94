package dev.relaydesk.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.relaydesk.gateway.redis.RedisFailures;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Bucket4j buckets in Redis (compare-and-swap through Lettuce, asynchronously), shared by every replica: key
 * {@code <prefix>rate:<tenant>:<user>:<kind>:<limit>}, expiring once the bucket would be full again. When Redis fails
 * or is slow the call is let through (and the failure logged now and then): rate limiting must not take the API down.
 */
public final class RedisRateLimiting implements RateLimiting {

    private static final Outcome UNLIMITED = new Outcome(true, -1, 0);

    private final AsyncProxyManager<byte[]> proxies;
    private final String prefix;
    private final Duration timeout;
    private final Cache<BucketKey, AsyncBucketProxy> buckets;
    private final RedisFailures failures = new RedisFailures("rate limits");

    public RedisRateLimiting(StatefulRedisConnection<byte[], byte[]> connection, String keyPrefix, Duration timeout) {
        this.proxies = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build()
                .asAsync();
        this.prefix = keyPrefix + "rate:";
        this.timeout = timeout;
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofMinutes(2))
                .maximumSize(100_000)
                .build();
    }

    @Override
    public Mono<Outcome> consume(BucketKey key) {
        AsyncBucketProxy bucket = buckets.get(key, this::proxy);
        return Mono.fromFuture(() -> bucket.tryConsumeAndReturnRemaining(1), true)
                .map(probe ->
                        new Outcome(probe.isConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill()))
                .timeout(timeout)
                .onErrorResume(e -> {
                    failures.report(e);
                    return Mono.just(UNLIMITED);
                });
    }

    private AsyncBucketProxy proxy(BucketKey key) {
        byte[] redisKey = (prefix + key.tenant() + ":" + key.userId() + ":" + (key.search() ? "search" : "default")
                        + ":" + key.perMinute())
                .getBytes(StandardCharsets.UTF_8);
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(InMemoryRateLimiting.perMinute(key.perMinute()))
                .build();
        return proxies.builder().build(redisKey, configuration);
    }
}

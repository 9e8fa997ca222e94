package dev.relaydesk.gateway.lockout;

import dev.relaydesk.gateway.redis.RedisFailures;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Lock-out state in Redis, shared by every replica: {@code <prefix>lockout:failures:<ip>} counts failures in a row
 * (INCR, expiring after the block duration), {@code <prefix>lockout:blocked:<ip>} holds the epoch millis the block ends
 * at and expires then. A failure is one atomic script, so concurrent failures on several replicas cannot both miss the
 * limit. One round trip (MGET) per authenticated request.
 */
public final class RedisLoginLockout implements LoginLockout {

    private static final String FAIL_SCRIPT =
            """
            local n = redis.call('INCR', KEYS[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            if n >= tonumber(ARGV[1]) then
              redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2])
              redis.call('DEL', KEYS[1])
            end
            return n
            """;

    private final RedisReactiveCommands<String, String> redis;
    private final String prefix;
    private final int maxFailures;
    private final Duration blockDuration;
    private final Duration timeout;
    private final Clock clock;
    private final RedisFailures failures = new RedisFailures("lock-out");

    public RedisLoginLockout(
            StatefulRedisConnection<String, String> connection,
            String keyPrefix,
            int maxFailures,
            Duration blockDuration,
            Duration timeout,
            Clock clock) {
        this.redis = connection.reactive();
        this.prefix = keyPrefix + "lockout:";
        this.maxFailures = maxFailures;
        this.blockDuration = blockDuration;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public Mono<Status> status(String ip) {
        return redis.mget(failuresKey(ip), blockedKey(ip))
                .collectList()
                .map(this::toStatus)
                .timeout(timeout)
                .onErrorResume(e -> {
                    failures.report(e);
                    return Mono.just(Status.CLEAR);
                });
    }

    private Status toStatus(List<KeyValue<String, String>> values) {
        String failureCount = values.get(0).getValueOrElse(null);
        String blockedUntil = values.get(1).getValueOrElse(null);
        if (blockedUntil != null) {
            long left = Long.parseLong(blockedUntil) - clock.millis();
            if (left > 0) {
                return new Status(Duration.ofMillis(left), true);
            }
        }
        return failureCount == null ? Status.CLEAR : Status.FAILED_BEFORE;
    }

    @Override
    public Mono<Void> recordFailure(String ip) {
        long blockMillis = blockDuration.toMillis();
        return redis.<Long>eval(
                        FAIL_SCRIPT,
                        ScriptOutputType.INTEGER,
                        new String[] {failuresKey(ip), blockedKey(ip)},
                        Integer.toString(maxFailures),
                        Long.toString(blockMillis),
                        Long.toString(clock.millis() + blockMillis))
                .then()
                .timeout(timeout)
                .onErrorResume(e -> {
                    failures.report(e);
                    return Mono.empty();
                });
    }

    @Override
    public Mono<Void> recordSuccess(String ip) {
        return redis.del(failuresKey(ip)).then().timeout(timeout).onErrorResume(e -> {
            failures.report(e);
            return Mono.empty();
        });
    }

    private String failuresKey(String ip) {
        return prefix + "failures:" + ip;
    }

    private String blockedKey(String ip) {
        return prefix + "blocked:" + ip;
    }
}

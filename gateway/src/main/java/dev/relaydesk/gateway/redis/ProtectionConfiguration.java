package dev.relaydesk.gateway.redis;

import dev.relaydesk.gateway.config.GatewayProperties;
import dev.relaydesk.gateway.lockout.InMemoryLoginLockout;
import dev.relaydesk.gateway.lockout.LoginLockout;
import dev.relaydesk.gateway.lockout.RedisLoginLockout;
import dev.relaydesk.gateway.ratelimit.InMemoryRateLimiting;
import dev.relaydesk.gateway.ratelimit.RateLimitFilter;
import dev.relaydesk.gateway.ratelimit.RateLimitPolicy;
import dev.relaydesk.gateway.ratelimit.RateLimiting;
import dev.relaydesk.gateway.ratelimit.RedisRateLimiting;
import dev.relaydesk.gateway.web.DialectErrors;
import java.time.Clock;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Login lock-out and rate limits, with their state in Redis when one is configured (so that every replica sees the
 * same blocks and buckets) and in memory otherwise.
 */
@Configuration(proxyBeanMethods = false)
public class ProtectionConfiguration {

    /** The Redis connections, empty without Redis. */
    public record Redis(Optional<RedisConnections> connections) implements AutoCloseable {
        @Override
        public void close() {
            connections.ifPresent(RedisConnections::close);
        }
    }

    @Bean
    Redis gatewayRedis(GatewayProperties properties, Environment environment) {
        return new Redis(Optional.ofNullable(RedisConnections.open(
                properties.redis().url(), properties.redis().timeout(), environment)));
    }

    @Bean
    LoginLockout loginLockout(GatewayProperties properties, Redis redis) {
        GatewayProperties.Lockout lockout = properties.lockout();
        if (!lockout.enabled()) {
            return LoginLockout.DISABLED;
        }
        return redis.connections()
                .<LoginLockout>map(connections -> new RedisLoginLockout(
                        connections.text(),
                        properties.redis().keyPrefix(),
                        lockout.maxFailures(),
                        lockout.blockDuration(),
                        properties.redis().timeout(),
                        Clock.systemUTC()))
                .orElseGet(() -> new InMemoryLoginLockout(lockout.maxFailures(), lockout.blockDuration(), 1_000_000));
    }

    @Bean
    RateLimiting rateLimiting(GatewayProperties properties, Redis redis) {
        return redis.connections()
                .<RateLimiting>map(connections -> new RedisRateLimiting(
                        connections.binary(),
                        properties.redis().keyPrefix(),
                        properties.redis().timeout()))
                .orElseGet(() -> new InMemoryRateLimiting(1_000_000));
    }

    @Bean
    RateLimitFilter rateLimitFilter(GatewayProperties properties, RateLimiting limiting, DialectErrors errors) {
        return new RateLimitFilter(new RateLimitPolicy(properties.rateLimits()), limiting, errors);
    }
}

package dev.relaydesk.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.gateway.config.GatewayProperties;
import dev.relaydesk.gateway.lockout.InMemoryLoginLockout;
import dev.relaydesk.gateway.lockout.LoginLockout;
import dev.relaydesk.gateway.lockout.RedisLoginLockout;
import dev.relaydesk.gateway.ratelimit.InMemoryRateLimiting;
import dev.relaydesk.gateway.ratelimit.RateLimiting;
import dev.relaydesk.gateway.ratelimit.RedisRateLimiting;
import dev.relaydesk.gateway.web.DialectErrors;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import redis.embedded.RedisServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lock-out and rate limits against a real Redis server (the redis-server binary that the
 * {@code com.github.codemonstur:embedded-redis} Maven artifact ships, started on a free loopback port): two gateway
 * replicas, played by two sets of connections and limiters, see one block and draw from one bucket.
 */
class RedisSharedStateTest {

    static RedisServer server;
    static URI url;
    static RedisConnections replicaA;
    static RedisConnections replicaB;

    @BeforeAll
    static void startRedis() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
        url = URI.create("redis://127.0.0.1:" + port);
        replicaA = RedisConnections.open(url, Duration.ofSeconds(2), null);
        replicaB = RedisConnections.open(url, Duration.ofSeconds(2), null);
    }

    @AfterAll
    static void stopRedis() throws IOException {
        replicaA.close();
        replicaB.close();
        server.stop();
    }

    static LoginLockout lockout(RedisConnections connections, Duration block) {
        return new RedisLoginLockout(connections.text(), "test:", 3, block, Duration.ofSeconds(2), Clock.systemUTC());
    }

    static String ip() {
        return "192.0.2." + UUID.randomUUID().toString().substring(0, 6);
    }

    @Nested
    class Lockout {

        @Test
        void failuresOnTwoReplicasAddUpToOneBlockThatBothSee() {
            LoginLockout a = lockout(replicaA, Duration.ofMinutes(5));
            LoginLockout b = lockout(replicaB, Duration.ofMinutes(5));
            String ip = ip();

            a.recordFailure(ip).block();
            b.recordFailure(ip).block();
            assertThat(a.status(ip).block().blocked()).isFalse();
            a.recordFailure(ip).block();

            assertThat(a.status(ip).block().blocked()).isTrue();
            assertThat(b.status(ip).block().blocked()).isTrue();
            assertThat(b.status(ip).block().blockedFor()).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
        }

        @Test
        void successOnOneReplicaStartsTheCountAgainForBoth() {
            LoginLockout a = lockout(replicaA, Duration.ofMinutes(5));
            LoginLockout b = lockout(replicaB, Duration.ofMinutes(5));
            String ip = ip();
            a.recordFailure(ip).block();
            a.recordFailure(ip).block();
            assertThat(b.status(ip).block().hasFailures()).isTrue();

            b.recordSuccess(ip).block();
            a.recordFailure(ip).block();

            assertThat(b.status(ip).block().blocked()).isFalse();
        }

        @Test
        void blockEndsAfterTheBlockDuration() {
            LoginLockout a = lockout(replicaA, Duration.ofMillis(800));
            String ip = ip();
            for (int i = 0; i < 3; i++) {
                a.recordFailure(ip).block();
            }
            assertThat(a.status(ip).block().blocked()).isTrue();

            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> !a.status(ip).block().blocked());
        }
    }

    @Nested
    class RateLimits {

        @Test
        void twoReplicasDrawFromOneBucket() {
            RateLimiting a = new RedisRateLimiting(replicaA.binary(), "test:", Duration.ofSeconds(2));
            RateLimiting b = new RedisRateLimiting(replicaB.binary(), "test:", Duration.ofSeconds(2));
            RateLimiting.BucketKey key = new RateLimiting.BucketKey("acme", 7, false, 5);

            assertThat(a.consume(key).block().remaining()).isEqualTo(4);
            assertThat(b.consume(key).block().remaining()).isEqualTo(3);
            a.consume(key).block();
            b.consume(key).block();
            assertThat(a.consume(key).block().allowed()).isTrue();

            RateLimiting.Outcome refused = b.consume(key).block();
            assertThat(refused.allowed()).isFalse();
            assertThat(refused.retryAfterNanos()).isPositive();
            assertThat(a.consume(key).block().allowed()).isFalse();
        }

        @Test
        void searchBucketIsSeparate() {
            RateLimiting a = new RedisRateLimiting(replicaA.binary(), "test:", Duration.ofSeconds(2));
            a.consume(new RateLimiting.BucketKey("acme", 8, false, 1)).block();

            assertThat(a.consume(new RateLimiting.BucketKey("acme", 8, true, 1))
                            .block()
                            .allowed())
                    .isTrue();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(GatewayProperties.class)
    static class Properties {}

    @Nested
    class Wiring {

        final ApplicationContextRunner runner = new ApplicationContextRunner()
                .withUserConfiguration(Properties.class, ProtectionConfiguration.class)
                .withBean(
                        DialectErrors.class,
                        () -> new DialectErrors(JsonMapper.builder().build()))
                .withPropertyValues("relaydesk.gateway.services.user-service=http://127.0.0.1:1");

        @Test
        void stateIsInRedisWhenRedisIsConfigured() {
            runner.withPropertyValues("relaydesk.gateway.redis.url=" + url).run(context -> {
                assertThat(context).getBean(LoginLockout.class).isInstanceOf(RedisLoginLockout.class);
                assertThat(context).getBean(RateLimiting.class).isInstanceOf(RedisRateLimiting.class);
            });
        }

        @Test
        void springDataRedisHostAlsoConfiguresRedis() {
            runner.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + url.getPort())
                    .run(context ->
                            assertThat(context).getBean(RateLimiting.class).isInstanceOf(RedisRateLimiting.class));
        }

        @Test
        void stateIsInMemoryWithoutRedis() {
            runner.run(context -> {
                assertThat(context).getBean(LoginLockout.class).isInstanceOf(InMemoryLoginLockout.class);
                assertThat(context).getBean(RateLimiting.class).isInstanceOf(InMemoryRateLimiting.class);
            });
        }
    }
}

package dev.relaydesk.gateway.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * The gateway's connections to Redis, when one is configured ({@code relaydesk.gateway.redis.url}, else
 * {@code spring.data.redis.host}/{@code port}/{@code password}/{@code database}): one for text commands (lock-out), one
 * for Bucket4j's binary state. Lettuce multiplexes every request over them without blocking.
 */
public final class RedisConnections implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisConnections.class);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> text;
    private final StatefulRedisConnection<byte[], byte[]> binary;

    private RedisConnections(RedisURI uri, Duration timeout) {
        this.client = RedisClient.create(uri);
        this.client.setOptions(ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        this.text = client.connect(StringCodec.UTF8);
        this.binary = client.connect(ByteArrayCodec.INSTANCE);
        log.info("Lock-out state and rate limits are kept in Redis at {}:{}", uri.getHost(), uri.getPort());
    }

    /** Connections to the configured Redis, or null when none is configured. */
    public static RedisConnections open(URI url, Duration timeout, Environment environment) {
        RedisURI uri;
        if (url != null) {
            uri = RedisURI.create(url);
        } else {
            String host = environment.getProperty("spring.data.redis.host");
            if (host == null || host.isBlank()) {
                return null;
            }
            RedisURI.Builder builder = RedisURI.builder()
                    .withHost(host)
                    .withPort(environment.getProperty("spring.data.redis.port", Integer.class, 6379));
            String password = environment.getProperty("spring.data.redis.password");
            if (password != null && !password.isEmpty()) {
                builder.withPassword(password.toCharArray());
            }
            builder.withDatabase(environment.getProperty("spring.data.redis.database", Integer.class, 0));
            uri = builder.build();
        }
        uri.setTimeout(timeout);
        return new RedisConnections(uri, timeout);
    }

    public StatefulRedisConnection<String, String> text() {
        return text;
    }

    public StatefulRedisConnection<byte[], byte[]> binary() {
        return binary;
    }

    @Override
    public void close() {
        text.close();
        binary.close();
        client.shutdown();
    }
}

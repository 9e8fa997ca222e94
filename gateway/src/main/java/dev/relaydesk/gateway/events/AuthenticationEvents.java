package dev.relaydesk.gateway.events;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.relaydesk.gateway.authentication.Caller;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Announces that a user authenticated ({@code relaydesk.auth.succeeded.v1} on {@code gateway.authentications}, key
 * {@code tenant:userId}) so that user-service can keep last-seen time, IP, host and user agent. At most one event per
 * tenant and user per interval; built and sent on a thread of its own, never awaited by the request, and dropped when
 * Kafka is so far behind that more than a few thousand are pending: last-seen data is not worth a slow request.
 */
public final class AuthenticationEvents implements AutoCloseable {

    public static final String TYPE = "relaydesk.auth.succeeded.v1";
    static final URI SOURCE = URI.create("/relaydesk/gateway");
    private static final int MAX_PENDING = 10_000;
    private static final Logger log = LoggerFactory.getLogger(AuthenticationEvents.class);

    private final KafkaTemplate<String, CloudEvent> kafka;
    private final String topic;
    private final JsonMapper json;
    private final Clock clock;
    private final Cache<UserKey, Boolean> recent;
    private final Scheduler sender = Schedulers.newSingle("gateway-auth-events", true);
    private final AtomicInteger pending = new AtomicInteger();

    private record UserKey(String tenant, long userId) {}

    public AuthenticationEvents(
            KafkaTemplate<String, CloudEvent> kafka, String topic, Duration interval, JsonMapper json, Clock clock) {
        this.kafka = kafka;
        this.topic = topic;
        this.json = json;
        this.clock = clock;
        this.recent = Caffeine.newBuilder()
                .expireAfterWrite(interval)
                .maximumSize(1_000_000)
                .build();
    }

    /** Called on every successful authentication; cheap when the user was announced within the interval. */
    public void succeeded(Caller caller, String ipAddress, String userAgent) {
        if (recent.asMap().putIfAbsent(new UserKey(caller.tenant().value(), caller.userId()), Boolean.TRUE) != null) {
            return;
        }
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            return;
        }
        Instant now = clock.instant();
        sender.schedule(() -> {
            try {
                send(caller, ipAddress, userAgent, now);
            } catch (RuntimeException e) {
                log.warn("Cannot publish an authentication event: {}", e.toString());
            } finally {
                pending.decrementAndGet();
            }
        });
    }

    private void send(Caller caller, String ipAddress, String userAgent, Instant occurredAt) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", caller.userId());
        data.put("ipAddress", ipAddress);
        data.put("hostName", ipAddress); // no DNS lookups: the host is the address
        data.put("userAgent", userAgent == null || userAgent.length() <= 512 ? userAgent : userAgent.substring(0, 512));
        data.put("occurredAt", occurredAt.toString());
        String tenant = caller.tenant().value();
        CloudEvent event = CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(SOURCE)
                .withType(TYPE)
                .withTime(occurredAt.atOffset(ZoneOffset.UTC))
                .withSubject(Long.toString(caller.userId()))
                .withExtension("tenant", tenant)
                .withDataContentType("application/json")
                .withData(json.writeValueAsBytes(data))
                .build();
        kafka.send(topic, tenant + ":" + caller.userId(), event).whenComplete((result, failure) -> {
            if (failure != null) {
                log.warn(
                        "Authentication event for user {} in {} not published: {}",
                        caller.userId(),
                        tenant,
                        failure.toString());
            }
        });
    }

    @Override
    public void close() {
        sender.dispose();
    }
}

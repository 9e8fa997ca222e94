package dev.relaydesk.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relaydesk.testkit.SharedInfrastructure;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Ticket events at 200 a second for 3 seconds to two subscriptions: everything arrives exactly once, in order per
 * ticket, and the metrics report it. The latency from the event's time to the receiver is printed for a trickle (10
 * events a second) and for the sustained rate. The bounds are loose: this shared test machine runs C1-compiled code next
 * to PostgreSQL and Kafka; the latency targets are for the benchmark on production-like JVMs.
 */
class WebhookLoadTest extends NotificationTestSupport {

    private static final int RATE = 200;
    private static final int SECONDS = 3;
    private static final int TICKETS = 200;

    private final Map<Long, List<String>> sentPerTicket = new HashMap<>();

    @Test
    void sustainedTicketEventsAreAllDeliveredOnceInOrderPerTicket() {
        String tenant = newTenant();
        String first = WebhookReceiver.newEndpoint();
        String second = WebhookReceiver.newEndpoint();
        subscribe(tenant, first, "ticket.*");
        subscribe(tenant, second, "*");
        long baseTicket = System.currentTimeMillis() % 1_000_000 * 1000 + 900;

        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, 5))) {
            // warm-up: the consumers have joined their groups and the connections exist before measuring
            send(producer, tenant, baseTicket - 1);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> WebhookReceiver.accepted(first).size() == 1
                            && WebhookReceiver.accepted(second).size() == 1);

            int trickle = 20;
            publishAtRate(producer, tenant, baseTicket + 10_000, trickle, 10, trickle);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> WebhookReceiver.accepted(first).size() == 1 + trickle);
            System.out.println("Webhook latency at 10 events/s: " + latency(first, 1, 1 + trickle));

            int total = RATE * SECONDS;
            publishAtRate(producer, tenant, baseTicket, total, RATE, TICKETS);
            int expected = 1 + trickle + total;
            for (String url : List.of(first, second)) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> WebhookReceiver.accepted(url).size() >= expected);
                assertThat(WebhookReceiver.accepted(url)).hasSize(expected);
                Map<Long, List<String>> receivedPerTicket = WebhookReceiver.accepted(url).stream()
                        .collect(Collectors.groupingBy(
                                r -> Long.parseLong(bodyOf(r).get("subject").asString()),
                                Collectors.mapping(r -> r.header("webhook-id"), Collectors.toList())));
                assertThat(receivedPerTicket).isEqualTo(sentPerTicket);
            }
            Latency sustained = latency(first, 1 + trickle, expected);
            System.out.println("Webhook latency at " + RATE + " events/s: " + sustained);
            assertThat(sustained.p50()).isLessThan(5000);
        }

        String metrics = web.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(metrics)
                .contains(
                        "relaydesk_webhook_deliveries_total{application=\"notification-service\",outcome=\"delivered\"}")
                .contains("relaydesk_webhook_delivery_latency_seconds_bucket")
                .contains("relaydesk_webhook_attempt_duration_seconds_count")
                .contains("relaydesk_webhook_queue_depth{");
    }

    private void publishAtRate(
            KafkaProducer<String, CloudEvent> producer,
            String tenant,
            long baseTicket,
            int count,
            int rate,
            int tickets) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = start + i * 1_000_000_000L / rate - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send(producer, tenant, baseTicket + i % tickets);
        }
        producer.flush();
    }

    private void send(KafkaProducer<String, CloudEvent> producer, String tenant, long ticketId) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ticketId", ticketId);
        data.put("actorUserId", REGULAR);
        data.put("ticket", ticket(ticketId, "load", 1, REGULAR, null));
        data.put("changes", List.of());
        CloudEvent event = CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("/relaydesk/ticket-service"))
                .withType("relaydesk.ticket.updated.v1")
                .withSubject(Long.toString(ticketId))
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withExtension("tenant", tenant)
                .withDataContentType("application/json")
                .withData(json.writeValueAsBytes(data))
                .build();
        producer.send(new ProducerRecord<>("ticket.tickets", tenant + ":" + ticketId, event));
        sentPerTicket.computeIfAbsent(ticketId, t -> new ArrayList<>()).add("msg_" + id);
    }

    record Latency(long p50, long p99) {
        @Override
        public String toString() {
            return "p50 " + p50 + " ms, p99 " + p99 + " ms (event time to receiver)";
        }
    }

    private Latency latency(String url, int from, int to) {
        List<Long> latencies = new ArrayList<>();
        for (WebhookReceiver.Received r : WebhookReceiver.accepted(url).subList(from, to)) {
            long sentAt = OffsetDateTime.parse(bodyOf(r).get("time").asString())
                    .toInstant()
                    .toEpochMilli();
            latencies.add(r.receivedAtMillis() - sentAt);
        }
        latencies.sort(Long::compare);
        return new Latency(latencies.get(latencies.size() / 2), latencies.get(latencies.size() * 99 / 100));
    }
}

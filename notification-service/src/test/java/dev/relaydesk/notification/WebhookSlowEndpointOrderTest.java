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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A slow endpoint with a long waiting line: the deliveries at the end of its lane wait longer than a lease (5 s in the
 * test settings) before they are sent. Every delivery must still be sent exactly once, and each ticket's events in order.
 */
class WebhookSlowEndpointOrderTest extends NotificationTestSupport {

    private static final int TICKETS = 200;
    private static final long DELAY_MILLIS = 250;

    @Test
    void deliveriesWaitingLongerThanTheirLeaseAreSentOnceAndInOrderPerTicket() {
        String tenant = newTenant();
        String url = WebhookReceiver.newEndpoint();
        WebhookReceiver.delay(url, DELAY_MILLIS);
        subscribe(tenant, url, "ticket.updated");
        long baseTicket = System.currentTimeMillis() % 1_000_000 * 1000 + 500;
        Map<Long, List<String>> sent = new LinkedHashMap<>();

        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, 5))) {
            // first every ticket's event A (each is its key's head: claimed at once into the lane), then every B
            for (String version : List.of("A", "B")) {
                for (long t = baseTicket; t < baseTicket + TICKETS; t++) {
                    sent.computeIfAbsent(t, x -> new ArrayList<>()).add(send(producer, tenant, t, version));
                }
                producer.flush();
            }
        }

        int expected = 2 * TICKETS;
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> WebhookReceiver.accepted(url).size() >= expected);
        // duplicates would come a little later: give them the time to show
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        Map<Long, List<String>> received = WebhookReceiver.accepted(url).stream()
                .collect(Collectors.groupingBy(
                        r -> Long.parseLong(bodyOf(r).get("subject").asString()),
                        LinkedHashMap::new,
                        Collectors.mapping(r -> r.header("webhook-id"), Collectors.toList())));
        assertThat(received).isEqualTo(sent);
        assertThat(WebhookReceiver.accepted(url)).hasSize(expected);
    }

    private String send(KafkaProducer<String, CloudEvent> producer, String tenant, long ticketId, String version) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ticketId", ticketId);
        data.put("actorUserId", REGULAR);
        data.put("ticket", ticket(ticketId, "version " + version, 1, REGULAR, null));
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
        return "msg_" + id;
    }
}

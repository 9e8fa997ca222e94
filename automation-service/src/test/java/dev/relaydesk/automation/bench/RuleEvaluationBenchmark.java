package dev.relaydesk.automation.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.testkit.ApiTestSupport;
import dev.relaydesk.testkit.SharedInfrastructure;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark: with 200 enabled rules in a tenant, the time from a ticket event on {@code ticket.tickets} to
 * the rule's command on {@code automation.commands} (p50, p99), and rule evaluations per second, at a steady rate of
 * ticket events. ticket-service applying the command is not included (it is another service). Runs in the shared test
 * context, only when asked for:
 *
 * <pre>./mvnw -B -o -pl automation-service verify -Dtest='RuleEvaluationBenchmark' -Drelaydesk.bench=true
 *   [-Dbench.rate=200 -Dbench.seconds=10 -Dbench.rules=200 -Dbench.warmup=1000]</pre>
 *
 * A warm-up of {@code bench.warmup} events (not measured) lets the JIT and the connection pools settle first.
 */
@EnabledIfSystemProperty(named = "relaydesk.bench", matches = "true")
class RuleEvaluationBenchmark extends ApiTestSupport {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void latencyFromTicketEventToCommandWith200Rules() throws Exception {
        int rate = Integer.getInteger("bench.rate", 200);
        int seconds = Integer.getInteger("bench.seconds", 10);
        int ruleCount = Integer.getInteger("bench.rules", 200);
        String tenant = newTenant();
        // ruleCount - 1 rules on the same trigger that do not match (evaluated, not fired), and one that fires.
        for (int i = 1; i < ruleCount; i++) {
            createRule(
                    tenant,
                    "{\"name\": \"Noise " + i + "\", \"trigger\": \"ticket-created\", \"match\": \"all\","
                            + " \"conditions\": [{\"field\": \"category\", \"operator\": \"is\", \"value\": \""
                            + (1000 + i) + "\"}, {\"field\": \"subject\", \"operator\": \"contains\", \"value\":"
                            + " \"never-" + i + "\"}], \"actions\": [{\"type\": \"close\"}]}");
        }
        createRule(
                tenant,
                "{\"name\": \"Bench\", \"trigger\": \"ticket-created\", \"conditions\": [{\"field\": \"subject\","
                        + " \"operator\": \"contains\", \"value\": \"bench\"}], \"actions\": [{\"type\":"
                        + " \"set-priority\", \"priorityId\": 2}, {\"type\": \"add-tags\", \"tags\": [\"bench\"]}]}");

        int warmup = Integer.getInteger("bench.warmup", 1000);
        if (warmup > 0) {
            run(tenant, ruleCount, rate, warmup, 2_000_000L, false);
        }
        run(tenant, ruleCount, rate, rate * seconds, 1_000_000L, true);
    }

    private void run(String tenant, int ruleCount, int rate, int total, long firstTicket, boolean report)
            throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
        try (KafkaConsumer<String, CloudEvent> commands = consumer();
                KafkaProducer<String, CloudEvent> producer = producer()) {
            List<TopicPartition> partitions = commands.partitionsFor("automation.commands").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            commands.assign(partitions);
            commands.seekToEnd(partitions);
            partitions.forEach(commands::position);

            long start = System.nanoTime();
            long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
            Thread sender = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < total; i++) {
                    long due = start + i * intervalNanos;
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                    }
                    long ticketId = firstTicket + i;
                    String id = UUID.randomUUID().toString();
                    sentAt.put(id, System.nanoTime());
                    producer.send(new ProducerRecord<>(
                            "ticket.tickets", tenant + ":" + ticketId, created(tenant, id, ticketId)));
                }
                producer.flush();
            });
            long deadline = start + TimeUnit.SECONDS.toNanos(total / rate + 60L);
            while (latenciesMicros.size() < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, CloudEvent> record : commands.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    if (!record.key().startsWith(tenant + ":")) {
                        continue;
                    }
                    JsonNode data = JSON.readTree(record.value().getData().toBytes());
                    Long sent = sentAt.get(data.get("triggerEventId").asString());
                    if (sent != null) {
                        latenciesMicros.add((now - sent) / 1_000);
                    }
                }
            }
            sender.join();
            long elapsedNanos = System.nanoTime() - start;
            List<Long> sorted = new ArrayList<>(latenciesMicros);
            Collections.sort(sorted);
            assertThat(sorted).hasSize(total);
            if (!report) {
                return;
            }
            double evaluationsPerSecond = (double) total * ruleCount / (elapsedNanos / 1e9);
            System.out.printf(
                    "%nBENCH partitions=%d rules=%d events=%d rate=%d/s  event->command latency p50=%.1f ms p90=%.1f ms p99=%.1f ms"
                            + " max=%.1f ms  rule evaluations/s=%.0f (over %.1f s)%n",
                    commands.partitionsFor("ticket.tickets").size(),
                    ruleCount,
                    total,
                    rate,
                    percentile(sorted, 50) / 1000.0,
                    percentile(sorted, 90) / 1000.0,
                    percentile(sorted, 99) / 1000.0,
                    sorted.getLast() / 1000.0,
                    evaluationsPerSecond,
                    elapsedNanos / 1e9);
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private void createRule(String tenant, String json) {
        web.post()
                .uri("/automation/rules")
                .header("Authorization", admin(tenant))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange()
                .expectStatus()
                .isCreated();
    }

    private static CloudEvent created(String tenant, String id, long ticketId) {
        Map<String, Object> ticket = new LinkedHashMap<>();
        ticket.put("ticketId", ticketId);
        ticket.put("subject", "bench ticket " + ticketId);
        ticket.put("categoryId", 7);
        ticket.put("statusId", 1);
        ticket.put("priorityId", 0);
        ticket.put("origin", "api");
        ticket.put("submitterUserId", 100);
        ticket.put("tags", List.of());
        ticket.put("customFields", Map.of());
        ticket.put("createdAt", Instant.now().toString());
        ticket.put("updatedAt", Instant.now().toString());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ticketId", ticketId);
        data.put("actorUserId", 100);
        data.put("occurredAt", Instant.now().toString());
        data.put("ticket", ticket);
        data.put("causedBy", null);
        data.put("body", "benchmark");
        data.put("suppressConfirmation", false);
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("/relaydesk/bench"))
                .withType("relaydesk.ticket.created.v1")
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withSubject(String.valueOf(ticketId))
                .withExtension("tenant", tenant)
                .withDataContentType("application/json")
                .withData(JSON.writeValueAsBytes(data))
                .build();
    }

    private static KafkaProducer<String, CloudEvent> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, 1));
    }

    private static KafkaConsumer<String, CloudEvent> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, CloudEventDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    }
}

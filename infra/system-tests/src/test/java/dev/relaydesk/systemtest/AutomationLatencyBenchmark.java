package dev.relaydesk.systemtest;

import static dev.relaydesk.systemtest.GatewayClient.expect;
import static dev.relaydesk.systemtest.GatewayClient.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.localstack.App;
import dev.relaydesk.localstack.LocalPlatform;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 8's benchmark, end to end: with 200 enabled rules in a tenant, the time from a ticket event to the rule's effect
 * committed on the ticket, at 200 ticket events a second. Gateway, user-service, ticket-service and automation-service
 * run as separate processes on the local stack's real PostgreSQL and Kafka, with production-like JVM options.
 *
 * <p>Set-up goes through the gateway: 199 rules that are evaluated and do not match, one that matches and adds a
 * (techs-only) comment, and a pool of real tickets. The load is each pool ticket's own {@code ticket.created} event, as
 * ticket-service published it, published again on {@code ticket.tickets} under a fresh event id at a fixed rate (open
 * loop): so the rate is the automation path's, not the capacity of ticket-service's API on a 2-core machine that also
 * runs everything else. The effect is ticket-service committing the rule's comment, seen as its
 * {@code relaydesk.comment.added.v1} whose {@code causedBy.originEventId} is the event sent: latency runs from the
 * send to that event's arrival, so it also counts ticket-service's outbox relay and Kafka once more (an upper bound of
 * the time to the commit). Runs only when asked for ({@code bench/automation-latency.sh}, see bench/README.md).
 */
@EnabledIfSystemProperty(named = "relaydesk.bench", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AutomationLatencyBenchmark {

    static final String TENANT = "default";
    final JsonMapper json = JsonMapper.builder().build();

    final int rate = Integer.getInteger("bench.rate", 200);
    final int seconds = Integer.getInteger("bench.seconds", 60);
    final int warmupSeconds = Integer.getInteger("bench.warmup-seconds", 20);
    final int ruleCount = Integer.getInteger("bench.rules", 200);
    final int ticketCount = Integer.getInteger("bench.tickets", 2000);

    Path home;
    LocalPlatform platform;
    GatewayClient api;

    @BeforeAll
    void startPlatform() throws IOException {
        home = Files.createTempDirectory("relaydesk-automation-bench");
        platform = TestStacks.builder(home)
                .apps(App.GATEWAY, App.USER_SERVICE, App.TICKET_SERVICE, App.AUTOMATION_SERVICE)
                .jvmOptions(List.of(System.getProperty("bench.jvm-options", "-XX:+UseSerialGC -Xms512m -Xmx512m")
                        .split(" ")))
                // the broker with the full JIT as in production, not the local stack's C1-only developer broker
                // (which starts faster but spends two to three times the CPU per request under load)
                .kafkaJvmOptions(List.of(System.getProperty(
                                "bench.kafka-jvm-options",
                                "-Xms384m -Xmx384m -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -Xss512k"
                                        + " -Djava.awt.headless=true")
                        .split(" ")))
                .appArgs(App.GATEWAY, "--relaydesk.gateway.rate-limits.tenants.default.disabled=true")
                .healthTimeout(Duration.ofMinutes(4))
                .start();
        api = new GatewayClient(platform.gatewayUrl(), GatewayClient.ADMIN);
    }

    @AfterAll
    void stopPlatform() throws IOException {
        TestStacks.stop(platform, home);
    }

    @Test
    void ticketEventToRuleEffectWith200Rules() throws Exception {
        long category = id(api.post("/api/CreateCategory", "name", "Bench"));
        for (int i = 1; i < ruleCount; i++) {
            expect(
                    201,
                    api.postJson(
                            "/automation/rules",
                            """
                            {"name": "Noise %d", "trigger": "ticket-created", "match": "all",
                             "conditions": [{"field": "category", "operator": "is", "value": "%d"},
                                            {"field": "subject", "operator": "contains", "value": "never-%d"}],
                             "actions": [{"type": "close"}]}
                            """
                                    .formatted(i, 100_000 + i, i)));
        }
        expect(
                201,
                api.postJson(
                        "/automation/rules",
                        """
                        {"name": "Bench", "trigger": "ticket-created", "match": "all",
                         "conditions": [{"field": "category", "operator": "is", "value": "%d"},
                                        {"field": "subject", "operator": "contains", "value": "bench"}],
                         "actions": [{"type": "add-comment", "body": "Seen by rule: #subject#", "forTechsOnly": true}]}
                        """
                                .formatted(category)));

        Set<Long> tickets = createTickets(category);
        try (KafkaConsumer<String, CloudEvent> consumer = consumer();
                KafkaProducer<String, CloudEvent> producer = producer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of("ticket.tickets", "automation.commands")) {
                consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .forEach(partitions::add);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, CloudEvent>> createdEvents = createdEventsOf(consumer, tickets);

            if (warmupSeconds > 0) {
                Result warmup = run(consumer, producer, createdEvents, rate * warmupSeconds);
                System.out.println("BENCH warm-up (not counted): " + warmup.summary(rate, ruleCount));
            }
            Result result = run(consumer, producer, createdEvents, rate * seconds);
            String line = "BENCH " + result.summary(rate, ruleCount);
            System.out.println(line);
            System.out.printf(
                    "BENCH target p99 < 500 ms at %d events/s: %s%n",
                    rate, result.percentileMillis(99) < 500 && result.lost() == 0 ? "met" : "NOT met");
            Path out = Path.of(System.getProperty("relaydesk.repository-root", "../.."), "target", "bench");
            Files.createDirectories(out);
            Files.writeString(
                    out.resolve("automation-latency-" + System.currentTimeMillis() + ".txt"),
                    line + System.lineSeparator());
            assertThat(result.lost()).as("rule effects that never arrived").isZero();
        }
    }

    private Set<Long> createTickets(long category) throws Exception {
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < ticketCount; i++) {
                int n = i;
                calls.add(pool.submit(() -> {
                    ids.add(id(api.post(
                            "/api/ticket",
                            "categoryId",
                            Long.toString(category),
                            "subject",
                            "bench ticket " + n,
                            "body",
                            "A ticket for the automation benchmark")));
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        return ids;
    }

    /** ticket-service's own {@code ticket.created} event of every pool ticket, read from the topic. */
    private List<ConsumerRecord<String, CloudEvent>> createdEventsOf(
            KafkaConsumer<String, CloudEvent> consumer, Set<Long> tickets) throws Exception {
        Map<Long, ConsumerRecord<String, CloudEvent>> found = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (found.size() < tickets.size() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(200))) {
                CloudEvent event = record.value();
                if (event != null
                        && "relaydesk.ticket.created.v1".equals(event.getType())
                        && TENANT.equals(String.valueOf(event.getExtension("tenant")))) {
                    long ticket = json.readTree(event.getData().toBytes())
                            .get("ticketId")
                            .asLong();
                    if (tickets.contains(ticket)) {
                        found.put(ticket, record);
                    }
                }
            }
        }
        assertThat(found).as("ticket.created events of the pool tickets").hasSameSizeAs(tickets);
        return new ArrayList<>(found.values());
    }

    private Result run(
            KafkaConsumer<String, CloudEvent> consumer,
            KafkaProducer<String, CloudEvent> producer,
            List<ConsumerRecord<String, CloudEvent>> createdEvents,
            int total)
            throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> commandPending = new ConcurrentHashMap<>();
        List<Long> latenciesMicros = new ArrayList<>();
        List<Long> commandMicros = new ArrayList<>();
        long start = System.nanoTime();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        Thread sender = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < total; i++) {
                long due = start + i * intervalNanos;
                // parked, not spun: a spinning sender took half a core from the services it measures
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                ConsumerRecord<String, CloudEvent> original = createdEvents.get(i % createdEvents.size());
                String id = UUID.randomUUID().toString();
                CloudEvent again = CloudEventBuilder.v1(original.value())
                        .withId(id)
                        .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                        .build();
                long now = System.nanoTime();
                sentAt.put(id, now);
                commandPending.put(id, now);
                producer.send(new ProducerRecord<>("ticket.tickets", original.key(), again));
            }
            producer.flush();
        });
        long deadline = start + TimeUnit.SECONDS.toNanos(total / rate + 60L);
        while (latenciesMicros.size() < total && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(50))) {
                long now = System.nanoTime();
                CloudEvent event = record.value();
                if (event != null && "relaydesk.automation.ticket-command.v1".equals(event.getType())) {
                    JsonNode trigger = json.readTree(event.getData().toBytes()).path("triggerEventId");
                    Long sent = trigger.isString() ? commandPending.remove(trigger.asString()) : null;
                    if (sent != null) {
                        commandMicros.add((now - sent) / 1_000);
                    }
                    continue;
                }
                if (event == null || !"relaydesk.comment.added.v1".equals(event.getType())) {
                    continue;
                }
                JsonNode origin = json.readTree(event.getData().toBytes())
                        .path("causedBy")
                        .path("originEventId");
                Long sent = origin.isString() ? sentAt.remove(origin.asString()) : null;
                if (sent != null) {
                    latenciesMicros.add((now - sent) / 1_000);
                }
            }
        }
        sender.join();
        long elapsedNanos = System.nanoTime() - start;
        Collections.sort(latenciesMicros);
        Collections.sort(commandMicros);
        Result commands = new Result(total, commandMicros, elapsedNanos);
        System.out.printf(
                "BENCH   of which event->command published by automation-service: p50=%.1f ms p99=%.1f ms (%d seen)%n",
                commands.percentileMillis(50), commands.percentileMillis(99), commandMicros.size());
        return new Result(total, latenciesMicros, elapsedNanos);
    }

    record Result(int sent, List<Long> sortedMicros, long elapsedNanos) {

        int lost() {
            return sent - sortedMicros.size();
        }

        double percentileMillis(int p) {
            if (sortedMicros.isEmpty()) {
                return Double.NaN;
            }
            int index = Math.min(sortedMicros.size() - 1, (int) Math.ceil(p / 100.0 * sortedMicros.size()) - 1);
            return sortedMicros.get(Math.max(0, index)) / 1000.0;
        }

        String summary(int rate, int rules) {
            return String.format(
                    "rules=%d events=%d rate=%d/s effects=%d lost=%d  event->effect p50=%.1f ms p90=%.1f ms p99=%.1f ms"
                            + " max=%.1f ms  rule evaluations/s=%.0f",
                    rules,
                    sent,
                    rate,
                    sortedMicros.size(),
                    lost(),
                    percentileMillis(50),
                    percentileMillis(90),
                    percentileMillis(99),
                    sortedMicros.isEmpty() ? Double.NaN : sortedMicros.getLast() / 1000.0,
                    (double) sent * rules / (elapsedNanos / 1e9));
        }
    }

    private KafkaProducer<String, CloudEvent> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, 1));
    }

    private KafkaConsumer<String, CloudEvent> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, CloudEventDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    }
}

package dev.relaydesk.platform.outbox;

import dev.relaydesk.platform.background.BackgroundLoop;
import dev.relaydesk.platform.config.PlatformProperties;
import dev.relaydesk.platform.observability.TraceContextCapture;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes committed outbox rows to Kafka as CloudEvents and deletes them once the broker has acknowledged them
 * (at-least-once: a crash between publish and delete publishes again, and consumers drop the duplicate). Replicas of a
 * service take turns through a transaction-scoped advisory lock, so rows leave in commit order and one aggregate's
 * events reach its partition in order.
 */
public class OutboxRelay extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final KafkaTemplate<Object, Object> kafka;
    private final PlatformProperties.Outbox settings;
    private final URI source;
    private final Sinks.Many<Boolean> nudges = Sinks.many().multicast().directBestEffort();
    private final Counter published;
    private final Counter failures;

    public OutboxRelay(
            DatabaseClient db,
            TransactionalOperator tx,
            KafkaTemplate<Object, Object> kafka,
            PlatformProperties.Outbox settings,
            String serviceName,
            MeterRegistry meters) {
        this.db = db;
        this.tx = tx;
        this.kafka = kafka;
        this.settings = settings;
        this.source = URI.create("/relaydesk/" + serviceName);
        this.published = meters.counter("relaydesk.outbox.published");
        this.failures = meters.counter("relaydesk.outbox.relay.failures");
    }

    /** Asks for a relay pass now rather than at the next poll (called after a transaction with events commits). */
    public void nudge() {
        nudges.tryEmitNext(Boolean.TRUE);
    }

    /** Publishes every pending row; completes with the number published. */
    public Mono<Long> relayPending() {
        return relayBatch()
                .expand(n -> n == settings.batchSize() ? relayBatch() : Mono.empty())
                .reduce(0L, Long::sum);
    }

    private Mono<Long> relayBatch() {
        Mono<Long> batch = db.sql("select pg_try_advisory_xact_lock(hashtext('relaydesk_outbox'))")
                .map(row -> row.get(0, Boolean.class))
                .one()
                .flatMap(locked -> locked ? publishLockedBatch() : Mono.just(0L));
        return tx.transactional(batch);
    }

    private Mono<Long> publishLockedBatch() {
        return db.sql(
                        """
                        select id, tenant_id, topic, event_key, event_id, event_type, occurred_at, payload, traceparent
                          from relaydesk_outbox order by id limit :limit
                        """)
                .bind("limit", settings.batchSize())
                .map(row -> new PendingRow(
                        row.get("id", Long.class),
                        row.get("tenant_id", String.class),
                        row.get("topic", String.class),
                        row.get("event_key", String.class),
                        row.get("event_id", UUID.class),
                        row.get("event_type", String.class),
                        row.get("occurred_at", OffsetDateTime.class),
                        row.get("payload", String.class).getBytes(StandardCharsets.UTF_8),
                        row.get("traceparent", String.class)))
                .all()
                .collectList()
                .flatMap(rows -> rows.isEmpty() ? Mono.just(0L) : send(rows).then(delete(rows)));
    }

    private Mono<Void> send(List<PendingRow> rows) {
        return Mono.fromCallable(() -> {
                    // Sent in commit order; the idempotent producer keeps that order within each partition.
                    List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
                    for (PendingRow row : rows) {
                        ProducerRecord<Object, Object> record =
                                new ProducerRecord<>(row.topic(), row.key(), row.toCloudEvent(source));
                        if (row.traceparent() != null) {
                            record.headers()
                                    .add(
                                            TraceContextCapture.TRACEPARENT,
                                            row.traceparent().getBytes(StandardCharsets.US_ASCII));
                        }
                        acks.add(kafka.send(record));
                    }
                    return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(Mono::fromFuture);
    }

    private Mono<Long> delete(List<PendingRow> rows) {
        Long[] ids = rows.stream().map(PendingRow::id).toArray(Long[]::new);
        return db.sql("delete from relaydesk_outbox where id = any(:ids)")
                .bind("ids", ids)
                .fetch()
                .rowsUpdated()
                .doOnNext(published::increment);
    }

    @Override
    protected boolean enabled() {
        return settings.relayEnabled();
    }

    @Override
    protected Flux<Long> loop() {
        return Flux.merge(
                        Flux.interval(Duration.ZERO, settings.pollInterval()).map(tick -> Boolean.TRUE),
                        nudges.asFlux())
                .onBackpressureLatest()
                .concatMap(
                        tick -> relayPending().onErrorResume(e -> {
                            failures.increment();
                            log.warn("Outbox relay pass failed, retrying at the next poll: {}", e.toString());
                            return Mono.just(0L);
                        }),
                        1);
    }

    private record PendingRow(
            Long id,
            String tenant,
            String topic,
            String key,
            UUID eventId,
            String type,
            OffsetDateTime time,
            byte[] payload,
            String traceparent) {

        CloudEvent toCloudEvent(URI source) {
            return CloudEventBuilder.v1()
                    .withId(eventId.toString())
                    .withSource(source)
                    .withType(type)
                    .withTime(time)
                    .withSubject(key.substring(key.indexOf(':') + 1))
                    .withExtension(EventEnvelope.TENANT_EXTENSION, tenant)
                    .withDataContentType("application/json")
                    .withData(payload)
                    .build();
        }
    }
}

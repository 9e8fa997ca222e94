package dev.relaydesk.platform.inbox;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.platform.outbox.EventEnvelope;
import dev.relaydesk.platform.tenancy.Tenancy;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes a consumer idempotent: the event's id is recorded in the same transaction as its effect, under the event's
 * tenant, so a redelivered event changes nothing. Kafka delivers at least once; this turns it into exactly-once effects.
 */
public class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final MeterRegistry meters;

    public Inbox(DatabaseClient db, TransactionalOperator tx, MeterRegistry meters) {
        this.db = db;
        this.tx = tx;
        this.meters = meters;
    }

    /**
     * Applies {@code effect} unless {@code consumer} has already applied this event.
     *
     * @return whether the effect ran
     */
    public Mono<Boolean> applyOnce(String consumer, CloudEvent event, Function<CloudEvent, Mono<?>> effect) {
        Object tenantAttribute = event.getExtension(EventEnvelope.TENANT_EXTENSION);
        if (tenantAttribute == null) {
            return Mono.error(new IllegalArgumentException("event " + event.getId() + " has no tenant extension"));
        }
        TenantId tenant = TenantId.of(tenantAttribute.toString());
        Mono<Boolean> once = db.sql(
                        """
                        insert into relaydesk_inbox (consumer, event_id, tenant_id, event_type)
                        values (:consumer, :id, :tenant, :type) on conflict do nothing
                        """)
                .bind("consumer", consumer)
                .bind("id", event.getId())
                .bind("tenant", tenant.value())
                .bind("type", event.getType())
                .fetch()
                .rowsUpdated()
                .flatMap(inserted -> inserted == 1 ? effect.apply(event).then(Mono.just(true)) : Mono.just(false));
        return tx.transactional(once).contextWrite(Tenancy.of(tenant)).doOnNext(applied -> meters.counter(
                        "relaydesk.inbox.events", "consumer", consumer, "outcome", applied ? "applied" : "duplicate")
                .increment());
    }

    /**
     * The batch form, for a consumer that applies many events of one tenant in one transaction: records every event of
     * {@code events} as applied by {@code consumer} and answers those not applied before, in their order. Call it inside
     * the transaction (under {@code tenant}) that also writes their effect, so either both commit or neither does.
     */
    public Mono<List<CloudEvent>> firstTimeOnly(String consumer, TenantId tenant, List<CloudEvent> events) {
        if (events.isEmpty()) {
            return Mono.just(List.of());
        }
        String[] ids = events.stream().map(CloudEvent::getId).toArray(String[]::new);
        String[] types = events.stream().map(CloudEvent::getType).toArray(String[]::new);
        return db.sql(
                        """
                        insert into relaydesk_inbox (consumer, event_id, tenant_id, event_type)
                        select :consumer, id, :tenant, type
                          from unnest(cast(:ids as text[]), cast(:types as text[])) as x(id, type)
                        on conflict do nothing
                        returning event_id
                        """)
                .bind("consumer", consumer)
                .bind("tenant", tenant.value())
                .bind("ids", ids)
                .bind("types", types)
                .map(row -> row.get("event_id", String.class))
                .all()
                .collect(Collectors.toSet())
                .map(fresh -> {
                    List<CloudEvent> firstTime =
                            events.stream().filter(e -> fresh.remove(e.getId())).toList();
                    meters.counter("relaydesk.inbox.events", "consumer", consumer, "outcome", "applied")
                            .increment(firstTime.size());
                    meters.counter("relaydesk.inbox.events", "consumer", consumer, "outcome", "duplicate")
                            .increment(events.size() - firstTime.size());
                    return firstTime;
                });
    }

    /**
     * For a batch listener: applies {@code effect} once to each event of the polled records, in order, blocking the
     * listener thread until done. Consecutive events of one tenant share one transaction (their inbox rows and effects
     * commit together), so a consumer pays one commit per batch instead of one per event; that is what lets a consumer
     * keep up with hundreds of events a second on a small machine. When a shared transaction fails, its events are
     * applied again one transaction each ({@link #applyOnce}), so one bad event cannot hold back the others; if one fails
     * on its own, this throws {@link BatchListenerFailedException} naming its record, and the container's error handler
     * commits the records before it and retries from it (then parks it on the dead-letter topic). A record whose value
     * could not be deserialized goes to the error handler the same way; a record without a value is skipped.
     */
    public void applyEachOnce(
            String consumer,
            List<? extends ConsumerRecord<?, CloudEvent>> records,
            Function<CloudEvent, Mono<?>> effect,
            Duration timeout) {
        applyAllOnce(
                consumer,
                records,
                events -> Flux.fromIterable(events)
                        .concatMap(event -> effect.apply(event).then())
                        .then(),
                timeout);
    }

    /**
     * Like {@link #applyEachOnce}, for a consumer that applies a tenant's events together (reads what they need in one
     * query, writes their results in one statement): {@code effect} gets the events of one tenant not applied before,
     * in order, inside their transaction. In the one-at-a-time fallback it gets single-event lists.
     */
    public void applyAllOnce(
            String consumer,
            List<? extends ConsumerRecord<?, CloudEvent>> records,
            Function<List<CloudEvent>, Mono<?>> effect,
            Duration timeout) {
        List<ConsumerRecord<?, CloudEvent>> run = new ArrayList<>();
        String runTenant = null;
        for (ConsumerRecord<?, CloudEvent> record : records) {
            CloudEvent event = record.value();
            if (event == null) {
                var failure = SerializationUtils.getExceptionFromHeader(
                        record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, null);
                if (failure != null) {
                    applyRun(consumer, runTenant, run, effect, timeout);
                    run.clear();
                    throw new BatchListenerFailedException("undeserializable event", failure, record);
                }
                continue;
            }
            Object tenant = event.getExtension(EventEnvelope.TENANT_EXTENSION);
            String tenantValue = tenant == null ? null : tenant.toString();
            if (tenantValue == null || !tenantValue.equals(runTenant)) {
                applyRun(consumer, runTenant, run, effect, timeout);
                run.clear();
                runTenant = tenantValue;
            }
            run.add(record);
        }
        applyRun(consumer, runTenant, run, effect, timeout);
    }

    private void applyRun(
            String consumer,
            String tenant,
            List<ConsumerRecord<?, CloudEvent>> run,
            Function<List<CloudEvent>, Mono<?>> effect,
            Duration timeout) {
        if (run.isEmpty()) {
            return;
        }
        if (tenant != null && run.size() > 1) {
            TenantId tenantId = TenantId.of(tenant);
            List<CloudEvent> events = run.stream().map(ConsumerRecord::value).toList();
            Mono<Void> together = firstTimeOnly(consumer, tenantId, events)
                    .flatMap(fresh -> fresh.isEmpty() ? Mono.empty() : effect.apply(fresh))
                    .then();
            try {
                tx.transactional(together).contextWrite(Tenancy.of(tenantId)).block(timeout);
                return;
            } catch (RuntimeException e) {
                log.warn(
                        "{}: a batch of {} events failed together ({}); applying them one at a time",
                        consumer,
                        run.size(),
                        e.toString());
            }
        }
        for (ConsumerRecord<?, CloudEvent> record : run) {
            try {
                applyOnce(consumer, record.value(), event -> effect.apply(List.of(event)))
                        .block(timeout);
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException(
                        consumer + " could not apply event " + record.value().getId(), e, record);
            }
        }
    }
}

package dev.relaydesk.platform.inbox;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.platform.outbox.EventEnvelope;
import dev.relaydesk.platform.tenancy.Tenancy;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Makes a consumer idempotent: the event's id is recorded in the same transaction as its effect, under the event's
 * tenant, so a redelivered event changes nothing. Kafka delivers at least once; this turns it into exactly-once effects.
 */
public class Inbox {

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
}

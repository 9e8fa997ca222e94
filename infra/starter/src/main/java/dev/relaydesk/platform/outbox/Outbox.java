package dev.relaydesk.platform.outbox;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.platform.observability.TraceContextCapture;
import dev.relaydesk.platform.tenancy.Tenancy;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records an event in the same database transaction as the business change that caused it (transactional outbox): the
 * change and its event commit together or not at all. {@link OutboxRelay} publishes committed rows to Kafka.
 */
public class Outbox {

    private final DatabaseClient db;
    private final JsonMapper json;
    private final OutboxRelay relay;
    private final TraceContextCapture traces;

    public Outbox(DatabaseClient db, JsonMapper json, OutboxRelay relay, TraceContextCapture traces) {
        this.db = db;
        this.json = json;
        this.relay = relay;
        this.traces = traces;
    }

    /**
     * Appends the event to the current transaction. Fails when called outside a transaction or without a tenant: an
     * event that could commit without its change, or belong to no tenant, is a bug.
     */
    public Mono<Void> append(OutgoingEvent event) {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .filter(TransactionSynchronizationManager::isActualTransactionActive)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("Outbox.append needs an active transaction")))
                .flatMap(tx -> Tenancy.required()
                        .zipWith(traces.currentTraceparent().defaultIfEmpty(""))
                        .flatMap(tenantAndTrace -> {
                            TenantId tenant = tenantAndTrace.getT1();
                            String traceparent = tenantAndTrace.getT2();
                            tx.registerSynchronization(new TransactionSynchronization() {
                                @Override
                                public Mono<Void> afterCommit() {
                                    return Mono.fromRunnable(relay::nudge);
                                }
                            });
                            return db.sql(
                                            """
                                    insert into relaydesk_outbox
                                      (tenant_id, topic, event_key, event_id, event_type, occurred_at, payload, traceparent)
                                    values (:tenant, :topic, :key, :id, :type, :time, cast(:payload as json),
                                            nullif(:traceparent, ''))
                                    """)
                                    .bind("tenant", tenant.value())
                                    .bind("topic", event.topic())
                                    .bind("key", tenant.value() + ":" + event.aggregateId())
                                    .bind("id", UUID.randomUUID())
                                    .bind("type", event.type())
                                    .bind("time", OffsetDateTime.now(ZoneOffset.UTC))
                                    .bind("payload", json.writeValueAsString(event.data()))
                                    .bind("traceparent", traceparent)
                                    .then();
                        }));
    }
}

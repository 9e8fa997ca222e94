package dev.relaydesk.platform.outbox;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.platform.observability.TraceContextCapture;
import dev.relaydesk.platform.tenancy.Tenancy;
import dev.relaydesk.platform.tx.BeforeCommitBatch;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records an event in the same database transaction as the business change that caused it (transactional outbox): the
 * change and its event commit together or not at all. {@link OutboxRelay} publishes committed rows to Kafka.
 *
 * <p>A transaction's events are collected as they are appended and written with one statement just before it commits,
 * in the order they were appended ({@link BeforeCommitBatch}): a consumer that applies a hundred commands in one
 * transaction writes their hundred events with one round trip. If that write fails, the transaction rolls back, change
 * and events together.
 */
public class Outbox {

    private final DatabaseClient db;
    private final JsonMapper json;
    private final OutboxRelay relay;
    private final TraceContextCapture traces;
    private final BeforeCommitBatch<Row> pending;

    public Outbox(DatabaseClient db, JsonMapper json, OutboxRelay relay, TraceContextCapture traces) {
        this.db = db;
        this.json = json;
        this.relay = relay;
        this.traces = traces;
        this.pending = new BeforeCommitBatch<>("Outbox.append", this::write, relay::nudge);
    }

    /**
     * Appends the event to the current transaction. Fails when called outside a transaction or without a tenant: an
     * event that could commit without its change, or belong to no tenant, is a bug.
     */
    public Mono<Void> append(OutgoingEvent event) {
        return pending.add(Tenancy.required()
                .zipWith(traces.currentTraceparent().defaultIfEmpty(""))
                .map(tenantAndTrace -> {
                    TenantId tenant = tenantAndTrace.getT1();
                    return new Row(
                            tenant.value(),
                            event.topic(),
                            tenant.value() + ":" + event.aggregateId(),
                            UUID.randomUUID(),
                            event.type(),
                            OffsetDateTime.now(ZoneOffset.UTC),
                            json.writeValueAsString(event.data()),
                            tenantAndTrace.getT2());
                }));
    }

    private record Row(
            String tenant,
            String topic,
            String key,
            UUID id,
            String type,
            OffsetDateTime time,
            String payload,
            String traceparent) {}

    private Mono<Void> write(List<Row> batch) {
        int n = batch.size();
        String[] tenants = new String[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String[] payloads = new String[n];
        String[] traceparents = new String[n];
        for (int i = 0; i < n; i++) {
            Row row = batch.get(i);
            tenants[i] = row.tenant();
            topics[i] = row.topic();
            keys[i] = row.key();
            ids[i] = row.id();
            types[i] = row.type();
            times[i] = row.time();
            payloads[i] = row.payload();
            traceparents[i] = row.traceparent();
        }
        // identity values follow the order of the select, so rows keep the order they were appended in
        return db.sql(
                        """
                        insert into relaydesk_outbox
                          (tenant_id, topic, event_key, event_id, event_type, occurred_at, payload, traceparent)
                        select tenant, topic, key, id, type, time, cast(payload as json), nullif(traceparent, '')
                          from unnest(cast(:tenants as text[]), cast(:topics as text[]), cast(:keys as text[]),
                                      cast(:ids as uuid[]), cast(:types as text[]), cast(:times as timestamptz[]),
                                      cast(:payloads as text[]), cast(:traceparents as text[]))
                               with ordinality as e(tenant, topic, key, id, type, time, payload, traceparent, ord)
                         order by ord
                        """)
                .bind("tenants", tenants)
                .bind("topics", topics)
                .bind("keys", keys)
                .bind("ids", ids)
                .bind("types", types)
                .bind("times", times)
                .bind("payloads", payloads)
                .bind("traceparents", traceparents)
                .then();
    }
}

package dev.relaydesk.notification.delivery;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.notification.webhook.WebhookSubscriptions;
import dev.relaydesk.platform.security.Caller;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Administrators inspect deliveries, redeliver one, and send a test event to an endpoint. */
@Component
public class WebhookDeliveries {

    public static final String TEST_EVENT_TYPE = "relaydesk.webhook.test.v1";
    private static final Set<String> STATUSES = Set.of("pending", "delivered", "failed");
    private static final String COLUMNS =
            "id, subscription_id, webhook_id, event_id, event_type, status, attempts, next_attempt_at,"
                    + " last_status_code, last_response, last_error, last_latency_ms, redelivery_of, created_at,"
                    + " completed_at";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final WebhookSubscriptions subscriptions;
    private final DeliveryQueue queue;
    private final WebhookDispatcher dispatcher;
    private final JsonMapper json;

    WebhookDeliveries(
            DatabaseClient db,
            TransactionalOperator tx,
            WebhookSubscriptions subscriptions,
            DeliveryQueue queue,
            WebhookDispatcher dispatcher,
            JsonMapper json) {
        this.db = db;
        this.tx = tx;
        this.subscriptions = subscriptions;
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.json = json;
    }

    /** A subscription's deliveries, newest first, optionally of one status. */
    public Flux<Delivery> list(Caller caller, long subscriptionId, String status, int limit) {
        WebhookSubscriptions.requireAdmin(caller);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.badParameter("status", "must be pending, delivered or failed");
        }
        if (limit < 1 || limit > 500) {
            throw ApiException.badParameter("limit", "must be between 1 and 500");
        }
        var sql = db.sql("select " + COLUMNS + " from webhook_delivery where subscription_id = :sub"
                        + (status == null ? "" : " and status = :status") + " order by id desc limit :limit")
                .bind("sub", subscriptionId)
                .bind("limit", limit);
        if (status != null) {
            sql = sql.bind("status", status);
        }
        var query = sql;
        return tx.transactional(subscriptions
                .find(subscriptionId)
                .thenMany(query.map(row -> read(row, null)).all()));
    }

    /** One delivery with its attempts. */
    public Mono<Delivery> get(Caller caller, long deliveryId) {
        WebhookSubscriptions.requireAdmin(caller);
        return tx.transactional(find(deliveryId));
    }

    /**
     * Sends a delivery's event again as a new delivery with the same {@code webhook-id} (receivers that deduplicate see
     * it is the same message), queued behind the pending deliveries of the same key.
     */
    public Mono<Delivery> redeliver(Caller caller, long deliveryId) {
        WebhookSubscriptions.requireAdmin(caller);
        List<DeliveryJob> claimed = new java.util.ArrayList<>();
        Mono<Delivery> work = db.sql("select d.subscription_id, d.webhook_id, d.event_id, d.event_type,"
                        + " d.ordering_key, p.payload, s.url, s.secret, s.active from webhook_delivery d join"
                        + " webhook_subscription s on s.id = d.subscription_id join webhook_payload p on p.tenant_id ="
                        + " d.tenant_id and p.event_id = d.event_id where d.id = :id")
                .bind("id", deliveryId)
                .map(row -> new Original(
                        row.get("subscription_id", Long.class),
                        row.get("webhook_id", String.class),
                        row.get("event_id", String.class),
                        row.get("event_type", String.class),
                        row.get("ordering_key", String.class),
                        row.get("payload", String.class),
                        row.get("url", String.class),
                        row.get("secret", String.class),
                        Boolean.TRUE.equals(row.get("active", Boolean.class))))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Delivery", deliveryId)))
                .flatMap(original -> {
                    if (!original.active()) {
                        return Mono.error(ApiException.conflict("The subscription is not active"));
                    }
                    return queue.enqueue(
                                    caller.tenant(),
                                    new DeliveryQueue.NewDelivery(
                                            original.subscriptionId(),
                                            original.url(),
                                            original.secret(),
                                            original.webhookId(),
                                            original.eventId(),
                                            original.eventType(),
                                            original.orderingKey(),
                                            original.payload(),
                                            deliveryId))
                            .flatMap(job -> afterEnqueue(job, claimed));
                });
        return tx.transactional(work).doOnSuccess(ignored -> dispatcher.submit(claimed));
    }

    /** Sends a {@code relaydesk.webhook.test.v1} event to the subscription, whatever event types it wants. */
    public Mono<Delivery> test(Caller caller, long subscriptionId) {
        WebhookSubscriptions.requireAdmin(caller);
        List<DeliveryJob> claimed = new java.util.ArrayList<>();
        String eventId = UUID.randomUUID().toString();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("subscriptionId", subscriptionId);
        data.put("message", "Test event from Relaydesk");
        data.put("occurredAt", Instant.now().toString());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", eventId);
        event.put("source", "/relaydesk/notification-service");
        event.put("type", TEST_EVENT_TYPE);
        event.put("subject", Long.toString(subscriptionId));
        event.put("time", Instant.now().toString());
        event.put("datacontenttype", "application/json");
        event.put("tenant", caller.tenant().value());
        event.put("data", data);
        String payload = json.writeValueAsString(event);
        Mono<Delivery> work = db.sql("select secret from webhook_subscription where id = :id")
                .bind("id", subscriptionId)
                .map(row -> row.get("secret", String.class))
                .one()
                .zipWith(subscriptions.find(subscriptionId))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Subscription", subscriptionId)))
                .flatMap(found -> {
                    if (!found.getT2().active()) {
                        return Mono.error(ApiException.conflict("The subscription is not active"));
                    }
                    return queue.enqueue(
                                    caller.tenant(),
                                    new DeliveryQueue.NewDelivery(
                                            subscriptionId,
                                            found.getT2().url(),
                                            found.getT1(),
                                            "msg_" + eventId,
                                            eventId,
                                            TEST_EVENT_TYPE,
                                            "test:" + eventId,
                                            payload,
                                            null))
                            .flatMap(job -> afterEnqueue(job, claimed));
                });
        return tx.transactional(work).doOnSuccess(ignored -> dispatcher.submit(claimed));
    }

    private Mono<Delivery> afterEnqueue(DeliveryQueue.Enqueued enqueued, List<DeliveryJob> claimed) {
        enqueued.claimed().ifPresent(claimed::add);
        return find(enqueued.deliveryId());
    }

    private Mono<Delivery> find(long deliveryId) {
        return db.sql("select " + COLUMNS + " from webhook_delivery where id = :id")
                .bind("id", deliveryId)
                .map(row -> read(row, List.of()))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Delivery", deliveryId)))
                .zipWith(db.sql("select attempt, attempted_at, outcome, status_code, response, error, latency_ms from"
                                + " webhook_attempt where delivery_id = :id order by id")
                        .bind("id", deliveryId)
                        .map(row -> new Delivery.Attempt(
                                row.get("attempt", Integer.class),
                                row.get("attempted_at", Instant.class),
                                row.get("outcome", String.class),
                                row.get("status_code", Integer.class),
                                row.get("response", String.class),
                                row.get("error", String.class),
                                row.get("latency_ms", Long.class)))
                        .all()
                        .collectList())
                .map(both -> withAttempts(both.getT1(), both.getT2()));
    }

    private static Delivery withAttempts(Delivery d, List<Delivery.Attempt> attempts) {
        return new Delivery(
                d.id(),
                d.subscriptionId(),
                d.webhookId(),
                d.eventId(),
                d.eventType(),
                d.status(),
                d.attempts(),
                d.nextAttemptAt(),
                d.lastStatusCode(),
                d.lastResponse(),
                d.lastError(),
                d.lastLatencyMs(),
                d.redeliveryOf(),
                d.createdAt(),
                d.completedAt(),
                attempts);
    }

    private static Delivery read(Readable row, List<Delivery.Attempt> attempts) {
        return new Delivery(
                row.get("id", Long.class),
                row.get("subscription_id", Long.class),
                row.get("webhook_id", String.class),
                row.get("event_id", String.class),
                row.get("event_type", String.class),
                row.get("status", String.class),
                row.get("attempts", Integer.class),
                row.get("next_attempt_at", Instant.class),
                row.get("last_status_code", Integer.class),
                row.get("last_response", String.class),
                row.get("last_error", String.class),
                row.get("last_latency_ms", Long.class),
                row.get("redelivery_of", Long.class),
                row.get("created_at", Instant.class),
                row.get("completed_at", Instant.class),
                attempts);
    }

    private record Original(
            long subscriptionId,
            String webhookId,
            String eventId,
            String eventType,
            String orderingKey,
            String payload,
            String url,
            String secret,
            boolean active) {}
}

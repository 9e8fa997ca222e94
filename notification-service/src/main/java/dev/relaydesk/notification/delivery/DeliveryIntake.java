package dev.relaydesk.notification.delivery;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.notification.webhook.WebhookSubscriptions;
import dev.relaydesk.platform.inbox.Inbox;
import dev.relaydesk.platform.outbox.EventEnvelope;
import dev.relaydesk.platform.tenancy.Tenancy;
import dev.relaydesk.platform.tx.TransientFailures;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every public event into one delivery per matching active subscription and hands the deliveries it could claim
 * straight to the dispatcher, so a fresh event reaches its endpoints without waiting for a poll. Events of one
 * aggregate share an ordering key ({@code topic:aggregateId}), which keeps them in order per endpoint.
 *
 * <p>It reads Kafka in batches and records a batch per tenant in one transaction with a constant number of statements:
 * the events go through the platform inbox's batch form ({@link Inbox#firstTimeOnly}), so redelivered events create
 * nothing twice, together with the deliveries. One event per transaction ({@code Inbox.applyOnce}) costs seven round
 * trips per event and could not keep up with 200 events a second on a small machine.
 */
@Component
class DeliveryIntake {

    static final String CONSUMER = "webhook-intake";

    private final TransactionalOperator tx;
    private final WebhookSubscriptions subscriptions;
    private final DeliveryQueue queue;
    private final WebhookDispatcher dispatcher;
    private final JsonMapper json;
    private final Inbox inbox;

    DeliveryIntake(
            TransactionalOperator tx,
            WebhookSubscriptions subscriptions,
            DeliveryQueue queue,
            WebhookDispatcher dispatcher,
            JsonMapper json,
            Inbox inbox) {
        this.tx = tx;
        this.subscriptions = subscriptions;
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.json = json;
        this.inbox = inbox;
    }

    @KafkaListener(
            topics = {
                "ticket.tickets",
                "ticket.categories",
                "user.users",
                "user.companies",
                "asset.assets",
                "kb.articles"
            },
            groupId = "notification-service.webhooks",
            batch = "true")
    void on(List<ConsumerRecord<String, CloudEvent>> records) {
        Map<String, List<Incoming>> byTenant = new LinkedHashMap<>();
        for (ConsumerRecord<String, CloudEvent> record : records) {
            CloudEvent event = record.value();
            if (event == null || event.getExtension(EventEnvelope.TENANT_EXTENSION) == null) {
                continue;
            }
            String tenant = event.getExtension(EventEnvelope.TENANT_EXTENSION).toString();
            byTenant.computeIfAbsent(tenant, t -> new ArrayList<>())
                    .add(new Incoming(event, record.topic() + ":" + aggregateOf(event, record.key())));
        }
        byTenant.forEach((tenantValue, events) -> {
            TenantId tenant = TenantId.of(tenantValue);
            List<DeliveryJob> claimed = tx.transactional(record(tenant, events))
                    .retryWhen(TransientFailures.retry())
                    .contextWrite(Tenancy.of(tenant))
                    .block(Duration.ofSeconds(30));
            if (claimed != null) {
                dispatcher.submit(claimed);
            }
        });
    }

    private record Incoming(CloudEvent event, String orderingKey) {}

    private Mono<List<DeliveryJob>> record(TenantId tenant, List<Incoming> events) {
        Map<String, Incoming> byId = new LinkedHashMap<>();
        events.forEach(e -> byId.put(e.event().getId(), e));
        return inbox.firstTimeOnly(
                        CONSUMER, tenant, events.stream().map(Incoming::event).toList())
                .flatMap(fresh -> {
                    List<Incoming> todo =
                            fresh.stream().map(e -> byId.get(e.getId())).toList();
                    if (todo.isEmpty()) {
                        return Mono.just(List.<DeliveryJob>of());
                    }
                    return subscriptions.activeEndpoints().collectList().flatMap(endpoints -> {
                        if (endpoints.isEmpty()) {
                            return Mono.just(List.<DeliveryJob>of());
                        }
                        boolean filtersByCategory = endpoints.stream()
                                .anyMatch(e -> e.subscription().categoryIds() != null);
                        List<DeliveryQueue.NewDelivery> deliveries = new ArrayList<>();
                        for (Incoming incoming : todo) {
                            CloudEvent event = incoming.event();
                            Long category = filtersByCategory ? categoryOf(event) : null;
                            String payload = null;
                            for (WebhookSubscriptions.Endpoint endpoint : endpoints) {
                                if (!endpoint.subscription().wants(event.getType(), category)) {
                                    continue;
                                }
                                if (payload == null) {
                                    payload = StructuredCloudEvent.of(event, json);
                                }
                                deliveries.add(new DeliveryQueue.NewDelivery(
                                        endpoint.subscription().id(),
                                        endpoint.subscription().url(),
                                        endpoint.secret(),
                                        "msg_" + event.getId(),
                                        event.getId(),
                                        event.getType(),
                                        incoming.orderingKey(),
                                        payload,
                                        null));
                            }
                        }
                        return queue.enqueueAll(tenant, deliveries);
                    });
                });
    }

    private static String aggregateOf(CloudEvent event, String key) {
        if (key != null) {
            int colon = key.indexOf(':');
            return colon >= 0 ? key.substring(colon + 1) : key;
        }
        return event.getSubject() != null ? event.getSubject() : event.getId();
    }

    /** The event's category: {@code categoryId} of the data, or of the ticket snapshot in it. */
    private Long categoryOf(CloudEvent event) {
        if (event.getData() == null) {
            return null;
        }
        try {
            JsonNode data = json.readTree(event.getData().toBytes());
            JsonNode category = data.path("categoryId");
            if (category.isMissingNode() || category.isNull()) {
                category = data.path("ticket").path("categoryId");
            }
            return category.isNumber() || category.isString() ? category.asLong() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}

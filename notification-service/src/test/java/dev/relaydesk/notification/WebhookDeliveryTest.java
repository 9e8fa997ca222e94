package dev.relaydesk.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.platform.tenancy.Tenancy;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

class WebhookDeliveryTest extends NotificationTestSupport {

    private static final AtomicLong TICKETS = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static long newTicketId() {
        return TICKETS.incrementAndGet();
    }

    private String created(String tenant, long ticketId, String subject) {
        return ticketEvent(
                tenant,
                ticketId,
                "relaydesk.ticket.created.v1",
                ticket(ticketId, subject, 3, REGULAR, null),
                "body",
                "<p>It is broken</p>",
                "suppressConfirmation",
                true);
    }

    private String updated(String tenant, long ticketId, String subject) {
        return ticketEvent(
                tenant,
                ticketId,
                "relaydesk.ticket.updated.v1",
                ticket(ticketId, subject, 3, REGULAR, null),
                "changes",
                List.of(Map.of("field", "subject", "oldValue", "old", "newValue", subject)));
    }

    private static List<String> types(List<WebhookReceiver.Received> requests, NotificationTestSupport support) {
        return requests.stream()
                .map(r -> support.bodyOf(r).get("type").asString())
                .toList();
    }

    @Nested
    class Delivery {

        @Test
        void ticketEventsArriveSignedInOrderAsStructuredCloudEvents() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            Created subscription = subscribe(tenant, url, "ticket.*");
            long ticketId = newTicketId();

            String createdId = created(tenant, ticketId, "Printer on fire – ünïcödé");
            String updatedId = updated(tenant, ticketId, "Printer still on fire");

            await().atMost(WAIT).until(() -> WebhookReceiver.accepted(url).size() == 2);
            List<WebhookReceiver.Received> received = WebhookReceiver.accepted(url);
            received.forEach(r -> assertSignedWith(r, subscription.secret()));
            assertThat(received.get(0).header("webhook-id")).isEqualTo("msg_" + createdId);
            assertThat(received.get(1).header("webhook-id")).isEqualTo("msg_" + updatedId);
            assertThat(received.get(0).header("content-type")).startsWith("application/json");

            JsonNode first = bodyOf(received.get(0));
            assertThat(first.get("specversion").asString()).isEqualTo("1.0");
            assertThat(first.get("id").asString()).isEqualTo(createdId);
            assertThat(first.get("type").asString()).isEqualTo("relaydesk.ticket.created.v1");
            assertThat(first.get("source").asString()).isEqualTo("/relaydesk/ticket-service");
            assertThat(first.get("subject").asString()).isEqualTo(Long.toString(ticketId));
            assertThat(first.get("tenant").asString()).isEqualTo(tenant);
            assertThat(first.get("datacontenttype").asString()).isEqualTo("application/json");
            assertThat(first.get("data").get("ticket").get("subject").asString())
                    .isEqualTo("Printer on fire – ünïcödé");
            assertThat(bodyOf(received.get(1)).get("type").asString()).isEqualTo("relaydesk.ticket.updated.v1");
        }

        @Test
        void manyEventsOfOneTicketKeepTheirOrder() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            subscribe(tenant, url, "ticket.updated");
            long ticketId = newTicketId();
            for (int i = 0; i < 8; i++) {
                updated(tenant, ticketId, "subject " + i);
            }
            await().atMost(WAIT).until(() -> WebhookReceiver.accepted(url).size() == 8);
            assertThat(WebhookReceiver.accepted(url).stream()
                            .map(r -> bodyOf(r)
                                    .get("data")
                                    .get("ticket")
                                    .get("subject")
                                    .asString())
                            .toList())
                    .containsExactly(
                            "subject 0",
                            "subject 1",
                            "subject 2",
                            "subject 3",
                            "subject 4",
                            "subject 5",
                            "subject 6",
                            "subject 7");
        }

        @Test
        void deliveriesAreLoggedWithStatusAttemptsAndResponse() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            Created subscription = subscribe(tenant, url, "*");
            created(tenant, newTicketId(), "Logged");
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode list = jsonOf(getJson(
                        "/webhooks/subscriptions/" + subscription.id() + "/deliveries?status=delivered",
                        admin(tenant)));
                assertThat(list.size()).isEqualTo(1);
            });
            JsonNode delivery = jsonOf(
                            getJson("/webhooks/subscriptions/" + subscription.id() + "/deliveries", admin(tenant)))
                    .get(0);
            assertThat(fieldNames(delivery.toString()))
                    .startsWith(
                            "id",
                            "subscriptionId",
                            "webhookId",
                            "eventId",
                            "eventType",
                            "status",
                            "attempts",
                            "nextAttemptAt",
                            "lastStatusCode",
                            "lastResponse",
                            "lastError",
                            "lastLatencyMs",
                            "redeliveryOf",
                            "createdAt",
                            "completedAt",
                            "attemptLog");
            assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
            assertThat(delivery.get("lastStatusCode").asInt()).isEqualTo(200);
            assertThat(delivery.get("lastResponse").asString()).isEqualTo("answer 1");

            JsonNode single =
                    jsonOf(getJson("/webhooks/deliveries/" + delivery.get("id").asLong(), admin(tenant)));
            assertThat(single.get("attemptLog").size()).isEqualTo(1);
            assertThat(single.get("attemptLog").get(0).get("outcome").asString())
                    .isEqualTo("delivered");
            assertThat(single.get("attemptLog").get(0).get("statusCode").asInt())
                    .isEqualTo(200);
        }

        @Test
        void anotherTenantsEventsAreNotDelivered() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            subscribe(tenant, url, "*");
            String otherUrl = WebhookReceiver.newEndpoint();
            String other = newTenant();
            subscribe(other, otherUrl, "*");

            created(other, newTicketId(), "Other tenant");
            created(tenant, newTicketId(), "Mine");

            await().atMost(WAIT)
                    .until(() -> WebhookReceiver.accepted(url).size() == 1
                            && WebhookReceiver.accepted(otherUrl).size() == 1);
            assertThat(bodyOf(WebhookReceiver.accepted(url).getFirst())
                            .get("tenant")
                            .asString())
                    .isEqualTo(tenant);
        }
    }

    @Nested
    class Matching {

        @Test
        void eventTypesSelectWhatEachSubscriptionGets() {
            String tenant = newTenant();
            String all = WebhookReceiver.newEndpoint();
            String ticketsOnly = WebhookReceiver.newEndpoint();
            String createdOnly = WebhookReceiver.newEndpoint();
            String exactUpdated = WebhookReceiver.newEndpoint();
            String comments = WebhookReceiver.newEndpoint();
            subscribe(tenant, all, "*");
            subscribe(tenant, ticketsOnly, "ticket.*");
            subscribe(tenant, createdOnly, "ticket.created");
            subscribe(tenant, exactUpdated, "relaydesk.ticket.updated.v1");
            subscribe(tenant, comments, "comment.*");
            long ticketId = newTicketId();

            created(tenant, ticketId, "Matching");
            updated(tenant, ticketId, "Matching 2");
            userCreated(tenant, 4242, "u4242@example.com", false, false);

            await().atMost(WAIT).until(() -> WebhookReceiver.accepted(all).size() == 3);
            await().atMost(WAIT)
                    .until(() -> WebhookReceiver.accepted(ticketsOnly).size() == 2);
            await().atMost(WAIT)
                    .until(() -> WebhookReceiver.accepted(exactUpdated).size() == 1);
            assertThat(types(WebhookReceiver.accepted(all), WebhookDeliveryTest.this))
                    .containsExactlyInAnyOrder(
                            "relaydesk.ticket.created.v1", "relaydesk.ticket.updated.v1", "relaydesk.user.created.v1");
            assertThat(types(WebhookReceiver.accepted(createdOnly), WebhookDeliveryTest.this))
                    .containsExactly("relaydesk.ticket.created.v1");
            assertThat(types(WebhookReceiver.accepted(exactUpdated), WebhookDeliveryTest.this))
                    .containsExactly("relaydesk.ticket.updated.v1");
            assertThat(WebhookReceiver.requests(comments)).isEmpty();
        }

        @Test
        void aCategoryFilterPassesOnlyThatCategorysTickets() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            String control = WebhookReceiver.newEndpoint();
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("url", url);
            request.put("eventTypes", List.of("ticket.created"));
            request.put("categoryIds", List.of(77));
            subscribe(tenant, request);
            subscribe(tenant, control, "ticket.created");

            long inCategory = newTicketId();
            ticketEvent(
                    tenant,
                    newTicketId(),
                    "relaydesk.ticket.created.v1",
                    ticket(1, "Category 3", 3, REGULAR, null),
                    "suppressConfirmation",
                    true);
            ticketEvent(
                    tenant,
                    inCategory,
                    "relaydesk.ticket.created.v1",
                    ticket(inCategory, "Category 77", 77, REGULAR, null),
                    "suppressConfirmation",
                    true);

            await().atMost(WAIT).until(() -> WebhookReceiver.accepted(control).size() == 2);
            await().atMost(WAIT).until(() -> WebhookReceiver.accepted(url).size() == 1);
            assertThat(bodyOf(WebhookReceiver.accepted(url).getFirst())
                            .get("data")
                            .get("ticketId")
                            .asLong())
                    .isEqualTo(inCategory);
        }

        @Test
        void anInactiveSubscriptionGetsNothing() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            String control = WebhookReceiver.newEndpoint();
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("url", url);
            request.put("eventTypes", List.of("*"));
            request.put("active", false);
            subscribe(tenant, request);
            subscribe(tenant, control, "*");
            created(tenant, newTicketId(), "Nobody listens");
            await().atMost(WAIT).until(() -> WebhookReceiver.accepted(control).size() == 1);
            assertThat(WebhookReceiver.requests(url)).isEmpty();
        }
    }

    @Nested
    class Failures {

        @Test
        void aFailingEndpointIsRetriedAndEventsOfOneTicketStayInOrder() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            WebhookReceiver.answer(url, n -> n <= 3 ? 500 : 200);
            Created subscription = subscribe(tenant, url, "ticket.*");
            long ticketId = newTicketId();
            String first = created(tenant, ticketId, "Retry me");
            String second = updated(tenant, ticketId, "Retry me too");

            await().atMost(WAIT).until(() -> WebhookReceiver.accepted(url).size() == 2);
            List<WebhookReceiver.Received> all = WebhookReceiver.requests(url);
            assertThat(all).hasSize(5);
            assertThat(all.stream().map(r -> r.header("webhook-id")).toList())
                    .containsExactly("msg_" + first, "msg_" + first, "msg_" + first, "msg_" + first, "msg_" + second);
            all.forEach(r -> assertSignedWith(r, subscription.secret()));

            JsonNode deliveries =
                    jsonOf(getJson("/webhooks/subscriptions/" + subscription.id() + "/deliveries", admin(tenant)));
            JsonNode retried = deliveries.get(1);
            assertThat(retried.get("eventId").asString()).isEqualTo(first);
            assertThat(retried.get("status").asString()).isEqualTo("delivered");
            assertThat(retried.get("attempts").asInt()).isEqualTo(4);
            JsonNode log = jsonOf(
                            getJson("/webhooks/deliveries/" + retried.get("id").asLong(), admin(tenant)))
                    .get("attemptLog");
            assertThat(log.size()).isEqualTo(4);
            assertThat(log.get(0).get("outcome").asString()).isEqualTo("retrying");
            assertThat(log.get(0).get("statusCode").asInt()).isEqualTo(500);
            assertThat(log.get(0).get("response").asString()).isEqualTo("answer 1");
            assertThat(log.get(3).get("outcome").asString()).isEqualTo("delivered");
        }

        @Test
        void aFailingEndpointDoesNotDelayOtherEndpoints() {
            String tenant = newTenant();
            String failing = WebhookReceiver.newEndpoint();
            WebhookReceiver.answer(failing, n -> n <= 2 ? 503 : 200);
            String slow = WebhookReceiver.newEndpoint();
            WebhookReceiver.delay(slow, 1500);
            String healthy = WebhookReceiver.newEndpoint();
            subscribe(tenant, failing, "*");
            subscribe(tenant, slow, "*");
            subscribe(tenant, healthy, "*");
            long started = System.nanoTime();
            created(tenant, newTicketId(), "Independent");

            await().atMost(WAIT).until(() -> WebhookReceiver.accepted(healthy).size() == 1);
            await().atMost(WAIT).until(() -> WebhookReceiver.accepted(slow).size() == 1);
            await().atMost(WAIT).until(() -> WebhookReceiver.accepted(failing).size() == 1);
            long healthyAt = WebhookReceiver.accepted(healthy).getFirst().receivedAtNanos();
            long slowAt = WebhookReceiver.accepted(slow).getFirst().receivedAtNanos();
            long failingSucceededAt =
                    WebhookReceiver.accepted(failing).getFirst().receivedAtNanos();
            assertThat(healthyAt - started).isLessThan(failingSucceededAt - started);
            // The healthy endpoint did not wait for the slow one's 1.5 s answer.
            assertThat(healthyAt).isLessThan(slowAt + Duration.ofMillis(1500).toNanos());
        }

        @Test
        void afterTheLastRetryTheDeliveryFailsAndTheEndpointIsDisabledAndAdministratorsAreTold() {
            String tenant = newTenant();
            userCreated(tenant, ADMIN, "admin-" + tenant + "@example.com", true, false);
            awaitUser(tenant, ADMIN);
            String url = WebhookReceiver.newEndpoint();
            WebhookReceiver.answer(url, n -> 500);
            Created subscription = subscribe(tenant, url, "*");
            created(tenant, newTicketId(), "Never delivered");

            await().atMost(WAIT).untilAsserted(() -> assertThat(
                            jsonOf(getJson("/webhooks/subscriptions/" + subscription.id(), admin(tenant)))
                                    .get("active")
                                    .asBoolean())
                    .isFalse());
            JsonNode read = jsonOf(getJson("/webhooks/subscriptions/" + subscription.id(), admin(tenant)));
            assertThat(read.get("disabledAt").isNull()).isFalse();
            assertThat(read.get("disabledReason").asString()).startsWith("failed continuously since");
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode delivery = jsonOf(
                                getJson("/webhooks/subscriptions/" + subscription.id() + "/deliveries", admin(tenant)))
                        .get(0);
                assertThat(delivery.get("status").asString()).isEqualTo("failed");
            });
            assertThat(WebhookReceiver.requests(url).size()).isBetween(4, 6);

            JsonNode notifications = jsonOf(getJson("/notifications", admin(tenant)));
            assertThat(notifications.size()).isEqualTo(1);
            assertThat(notifications.get(0).get("kind").asString()).isEqualTo("webhook-disabled");
            assertThat(notifications.get(0).get("linkId").asLong()).isEqualTo(subscription.id());
            await().atMost(WAIT).until(() -> !TestMailServer.messagesTo("admin-" + tenant + "@example.com")
                    .isEmpty());
        }

        private boolean userKnown(String tenant) {
            // A user event is applied by the directory consumer; a webhook delivery for it shows that Kafka delivered
            // it.
            return true;
        }
    }

    @Nested
    class Recovery {

        @Autowired
        private DatabaseClient db;

        @Autowired
        private TransactionalOperator tx;

        /** Leaves work in the database as a replica would that claimed it and then died (or was restarted). */
        /** A pending delivery queued directly, leased by another (unknown) replica until now + {@code lease}, if any. */
        private long pendingDelivery(String tenant, long subscriptionId, String key, String payload, Duration lease) {
            Mono<Long> insert = db.sql(
                            "with p as (insert into webhook_payload (event_id, payload) values (:eid, :payload))"
                                    + " insert into webhook_delivery (subscription_id, webhook_id, event_id, event_type,"
                                    + " ordering_key) values (:sub, :wid, :eid, 'relaydesk.ticket.updated.v1', :key)"
                                    + " returning id")
                    .bind("sub", subscriptionId)
                    .bind("wid", "msg_" + payload.hashCode())
                    .bind("eid", Integer.toString(payload.hashCode()))
                    .bind("key", key)
                    .bind("payload", payload)
                    .map(row -> row.get("id", Long.class))
                    .one()
                    .flatMap(id -> db.sql("insert into webhook_queue (delivery_id, tenant, subscription_id,"
                                    + " ordering_key, lease_owner, lease_until) values (:id, :tenant, :sub, :key, "
                                    + (lease != null
                                            ? "gen_random_uuid(), now() + make_interval(secs => " + lease.toSeconds()
                                                    + ")"
                                            : "null, null")
                                    + ")")
                            .bind("id", id)
                            .bind("tenant", tenant)
                            .bind("sub", subscriptionId)
                            .bind("key", key)
                            .then()
                            .thenReturn(id));
            return inTenant(tenant, insert);
        }

        private <T> T inTenant(String tenant, Mono<T> work) {
            return tx.transactional(work)
                    .contextWrite(Tenancy.of(TenantId.of(tenant)))
                    .block();
        }

        @Test
        void workLeftByADeadReplicaIsTakenOverInOrderOnceItsLeaseExpires() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            Created subscription = subscribe(tenant, url, "*");
            String key = "ticket.tickets:" + newTicketId();
            pendingDelivery(tenant, subscription.id(), key, "{\"n\":1}", Duration.ofSeconds(-1));
            pendingDelivery(tenant, subscription.id(), key, "{\"n\":2}", null);

            await().atMost(WAIT).until(() -> WebhookReceiver.accepted(url).size() == 2);
            List<WebhookReceiver.Received> received = WebhookReceiver.accepted(url);
            assertThat(received.stream().map(WebhookReceiver.Received::text).toList())
                    .containsExactly("{\"n\":1}", "{\"n\":2}");
            received.forEach(r -> assertSignedWith(r, subscription.secret()));
            await().atMost(WAIT).untilAsserted(() -> assertThat(jsonOf(getJson(
                                    "/webhooks/subscriptions/" + subscription.id() + "/deliveries?status=delivered",
                                    admin(tenant)))
                            .size())
                    .isEqualTo(2));
        }

        @Test
        void aLeaseThatHasNotExpiredIsLeftAlone() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            Created subscription = subscribe(tenant, url, "*");
            String key = "ticket.tickets:" + newTicketId();
            // leased in the statement that queues it: queued unleased first, the poller could send it before the lease
            pendingDelivery(tenant, subscription.id(), key, "{\"n\":3}", Duration.ofHours(1));
            // A later event of another key is delivered meanwhile, so the poller has run.
            created(tenant, newTicketId(), "Other key");
            await().atMost(WAIT).until(() -> WebhookReceiver.accepted(url).size() == 1);
            assertThat(bodyOf(WebhookReceiver.accepted(url).getFirst())
                            .get("type")
                            .asString())
                    .isEqualTo("relaydesk.ticket.created.v1");
        }

        private long payloads(String tenant) {
            return count(tenant, "select count(*) as n from webhook_payload");
        }

        @Test
        void anEventWantedByTwoSubscriptionsIsStoredOnceAndOutlivesOneOfThem() {
            String tenant = newTenant();
            String firstUrl = WebhookReceiver.newEndpoint();
            String secondUrl = WebhookReceiver.newEndpoint();
            Created first = subscribe(tenant, firstUrl, "*");
            Created second = subscribe(tenant, secondUrl, "*");
            created(tenant, newTicketId(), "Shared");
            send("POST", "/webhooks/subscriptions/" + first.id() + "/test", admin(tenant), null)
                    .expectStatus()
                    .is2xxSuccessful();
            await().atMost(WAIT)
                    .until(() -> WebhookReceiver.accepted(firstUrl).size() == 2
                            && WebhookReceiver.accepted(secondUrl).size() == 1);
            assertThat(payloads(tenant)).isEqualTo(2); // the shared event once, the first's test event

            send("DELETE", "/webhooks/subscriptions/" + first.id(), admin(tenant), null)
                    .expectStatus()
                    .isNoContent();
            assertThat(payloads(tenant)).isEqualTo(1); // the test event went with it; the shared event stays

            send("DELETE", "/webhooks/subscriptions/" + second.id(), admin(tenant), null)
                    .expectStatus()
                    .isNoContent();
            assertThat(payloads(tenant)).isZero();
        }

        /**
         * V8's ballast: plans made from the statistics of an empty queue scanned the whole queue once per row as soon as
         * a backlog built up. Whatever ran before (every other test's deliveries came and went), the ballast is intact
         * and a fresh ANALYZE still describes a queue of at least its size.
         */
        @Test
        void theQueueStatisticsNeverDescribeAnEmptyQueue() {
            Long ballast = db.sql(
                            "select count(*) as n from webhook_queue where subscription_id = 0 and delivery_id < 0"
                                    + " and due_at = 'infinity' and lease_owner is null")
                    .map(row -> row.get("n", Long.class))
                    .one()
                    .block();
            assertThat(ballast).isEqualTo(10_000L);

            db.sql("analyze webhook_queue").then().block();

            Long estimated = db.sql("select reltuples::bigint as n from pg_class where relname = 'webhook_queue'")
                    .map(row -> row.get("n", Long.class))
                    .one()
                    .block();
            assertThat(estimated).isGreaterThanOrEqualTo(10_000L);
        }

        private long count(String tenant, String sql, long subscriptionId) {
            return inTenant(
                    tenant,
                    db.sql(sql)
                            .bind("sub", subscriptionId)
                            .map(row -> row.get("n", Long.class))
                            .one());
        }

        private long count(String tenant, String sql) {
            return inTenant(
                    tenant, db.sql(sql).map(row -> row.get("n", Long.class)).one());
        }

        @Test
        void deletingASubscriptionRemovesItsQueuedWorkAndAttemptLogAndNoOtherSubscriptions() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            String otherUrl = WebhookReceiver.newEndpoint();
            Created doomed = subscribe(tenant, url, "*");
            Created kept = subscribe(tenant, otherUrl, "*");
            created(tenant, newTicketId(), "Logged");
            await().atMost(WAIT)
                    .until(() -> WebhookReceiver.accepted(url).size() == 1
                            && WebhookReceiver.accepted(otherUrl).size() == 1);
            String attempts = "select count(*) as n from webhook_attempt a join webhook_delivery d on d.id ="
                    + " a.delivery_id where d.subscription_id = :sub";
            await().atMost(WAIT)
                    .until(() -> count(tenant, attempts, doomed.id()) == 1 && count(tenant, attempts, kept.id()) == 1);
            // work still queued for it: leased far ahead, so no dispatcher sends it meanwhile
            pendingDelivery(tenant, doomed.id(), "ticket.tickets:" + newTicketId(), "{\"n\":4}", Duration.ofHours(1));
            String orphans = "select count(*) as n from webhook_attempt where delivery_id not in (select id from"
                    + " webhook_delivery)";
            assertThat(count(tenant, orphans)).isZero();

            send("DELETE", "/webhooks/subscriptions/" + doomed.id(), admin(tenant), null)
                    .expectStatus()
                    .isNoContent();

            assertThat(count(
                            tenant,
                            "select count(*) as n from webhook_queue where subscription_id = :sub",
                            doomed.id()))
                    .isZero();
            assertThat(count(tenant, orphans))
                    .as("attempts left without their delivery")
                    .isZero();
            assertThat(count(tenant, attempts, kept.id())).isEqualTo(1);
        }
    }

    @Nested
    class Metrics {

        @Autowired
        MeterRegistry meters;

        /** The gauge's value for one subscription and tenant; null when there is no such gauge. */
        private Double queueDepth(long subscriptionId, String tenant) {
            Gauge gauge = meters.find("relaydesk.webhook.queue.depth")
                    .tags("subscription", Long.toString(subscriptionId), "tenant", tenant)
                    .gauge();
            return gauge == null ? null : gauge.value();
        }

        /**
         * The queue depth is what waits in the database, not what one replica holds: three events of one ticket wait
         * behind the first, which the endpoint takes 1.5 s to answer; another tenant's endpoint with everything
         * delivered reads 0; a drained queue reads 0 again.
         */
        @Test
        void theQueueDepthPerEndpointCountsTheDeliveriesWaitingInTheDatabase() {
            String otherTenant = newTenant();
            String quiet = WebhookReceiver.newEndpoint();
            Created idle = subscribe(otherTenant, quiet, "ticket.*");
            created(otherTenant, newTicketId(), "Delivered at once");
            await().atMost(WAIT).until(() -> WebhookReceiver.accepted(quiet).size() == 1);
            await().atMost(WAIT).until(() -> Double.valueOf(0).equals(queueDepth(idle.id(), otherTenant)));

            String tenant = newTenant();
            String slow = WebhookReceiver.newEndpoint();
            WebhookReceiver.delay(slow, 1500);
            Created busy = subscribe(tenant, slow, "ticket.*");
            long ticketId = newTicketId();
            created(tenant, ticketId, "Deep");
            updated(tenant, ticketId, "Deeper");
            updated(tenant, ticketId, "Deepest");

            await().atMost(WAIT).until(() -> Double.valueOf(3).equals(queueDepth(busy.id(), tenant)));
            assertThat(queueDepth(busy.id(), otherTenant)).isNull();
            assertThat(queueDepth(idle.id(), otherTenant)).isEqualTo(0.0);

            await().atMost(WAIT).until(() -> WebhookReceiver.accepted(slow).size() == 3);
            await().atMost(WAIT).until(() -> Double.valueOf(0).equals(queueDepth(busy.id(), tenant)));
        }
    }

    @Nested
    class Redeliver {

        @Test
        void redeliveringSendsTheSameMessageAgainAsANewDelivery() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            Created subscription = subscribe(tenant, url, "*");
            String eventId = created(tenant, newTicketId(), "Again");
            await().atMost(WAIT).until(() -> WebhookReceiver.accepted(url).size() == 1);
            long deliveryId = await().atMost(WAIT).until(() -> deliveryOf(tenant, subscription.id()), id -> id > 0);

            JsonNode redelivery =
                    jsonOf(send("POST", "/webhooks/deliveries/" + deliveryId + "/redeliver", admin(tenant), null));
            assertThat(redelivery.get("redeliveryOf").asLong()).isEqualTo(deliveryId);
            assertThat(redelivery.get("webhookId").asString()).isEqualTo("msg_" + eventId);

            await().atMost(WAIT).until(() -> WebhookReceiver.accepted(url).size() == 2);
            List<WebhookReceiver.Received> received = WebhookReceiver.accepted(url);
            assertThat(received.get(1).header("webhook-id")).isEqualTo("msg_" + eventId);
            assertThat(received.get(1).body()).isEqualTo(received.get(0).body());
            assertSignedWith(received.get(1), subscription.secret());
        }

        @Test
        void anUnknownDeliveryIsNotFound() {
            assertProblem(
                    send("POST", "/webhooks/deliveries/987654321/redeliver", admin(newTenant()), null),
                    404,
                    "Delivery 987654321 was not found");
        }

        @Test
        void anotherTenantsDeliveryIsInvisible() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            Created subscription = subscribe(tenant, url, "*");
            created(tenant, newTicketId(), "Mine only");
            long deliveryId = await().atMost(WAIT).until(() -> deliveryOf(tenant, subscription.id()), id -> id > 0);
            assertProblem(
                    send("POST", "/webhooks/deliveries/" + deliveryId + "/redeliver", admin(newTenant()), null),
                    404,
                    "Delivery " + deliveryId + " was not found");
            assertProblem(
                    getJson("/webhooks/deliveries/" + deliveryId, admin(newTenant())),
                    404,
                    "Delivery " + deliveryId + " was not found");
            assertProblem(
                    getJson("/webhooks/subscriptions/" + subscription.id() + "/deliveries", admin(newTenant())),
                    404,
                    "Subscription " + subscription.id() + " was not found");
        }

        @Test
        void regularUsersMayNotRedeliverOrReadDeliveries() {
            String tenant = newTenant();
            assertProblem(
                    send("POST", "/webhooks/deliveries/1/redeliver", regular(tenant), null),
                    403,
                    "Only administrators may manage webhooks");
            assertProblem(
                    getJson("/webhooks/deliveries/1", technician(tenant)),
                    403,
                    "Only administrators may manage webhooks");
        }

        @Test
        void anUnknownStatusFilterIsRejected() {
            String tenant = newTenant();
            Created subscription = subscribe(tenant, WebhookReceiver.newEndpoint(), "*");
            assertProblem(
                    getJson("/webhooks/subscriptions/" + subscription.id() + "/deliveries?status=lost", admin(tenant)),
                    400,
                    "Parameter 'status' must be pending, delivered or failed");
        }

        private long deliveryOf(String tenant, long subscriptionId) {
            JsonNode list = jsonOf(getJson("/webhooks/subscriptions/" + subscriptionId + "/deliveries", admin(tenant)));
            return list.isEmpty() ? 0 : list.get(0).get("id").asLong();
        }
    }

    @Nested
    class TestEvent {

        @Test
        void sendsASignedTestEventWhateverTheSubscriptionWants() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            Created subscription = subscribe(tenant, url, "relaydesk.ticket.closed.v1");

            JsonNode delivery =
                    jsonOf(send("POST", "/webhooks/subscriptions/" + subscription.id() + "/test", admin(tenant), null));
            assertThat(delivery.get("eventType").asString()).isEqualTo("relaydesk.webhook.test.v1");

            await().atMost(WAIT).until(() -> WebhookReceiver.accepted(url).size() == 1);
            WebhookReceiver.Received received = WebhookReceiver.accepted(url).getFirst();
            assertSignedWith(received, subscription.secret());
            JsonNode body = bodyOf(received);
            assertThat(body.get("type").asString()).isEqualTo("relaydesk.webhook.test.v1");
            assertThat(body.get("tenant").asString()).isEqualTo(tenant);
            assertThat(body.get("data").get("subscriptionId").asLong()).isEqualTo(subscription.id());
        }

        @Test
        void anUnknownSubscriptionIsNotFound() {
            assertProblem(
                    send("POST", "/webhooks/subscriptions/987654321/test", admin(newTenant()), null),
                    404,
                    "Subscription 987654321 was not found");
        }

        @Test
        void regularUsersMayNotSendTestEvents() {
            String tenant = newTenant();
            Created subscription = subscribe(tenant, WebhookReceiver.newEndpoint(), "*");
            assertProblem(
                    send("POST", "/webhooks/subscriptions/" + subscription.id() + "/test", regular(tenant), null),
                    403,
                    "Only administrators may manage webhooks");
        }
    }
}

package dev.relaydesk.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.platform.tenancy.Tenancy;
import dev.relaydesk.testkit.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** automation-service's notification commands on automation.commands: send-email and call-webhook, each once. */
class AutomationCommandsTest extends NotificationTestSupport {

    private static final String TOPIC = "automation.commands";
    private static final String NOTIFICATION_COMMAND = "relaydesk.automation.notification-command.v1";
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000 + 700);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    private DatabaseClient db;

    @Autowired
    private TransactionalOperator tx;

    /** A recorded webhook call (automation_webhook_call). */
    record Call(
            String method, String url, Integer status, Long latencyMs, int attempts, String outcome, String error) {}

    private static long newId() {
        return IDS.incrementAndGet();
    }

    /** The command event as automation-service's outbox relay publishes it. */
    private CloudEvent command(
            String tenant, long ticketId, String type, String commandId, Map<String, Object> action) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("commandId", commandId);
        data.put("ticketId", ticketId);
        data.put("ruleId", 77L);
        data.put("ruleName", "Escalate");
        data.put("depth", 1);
        data.put("originEventId", UUID.randomUUID().toString());
        data.put("occurredAt", Instant.now().toString());
        data.put("action", action);
        return CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create("/relaydesk/automation-service"))
                .withType(type)
                .withSubject(Long.toString(ticketId))
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withExtension("tenant", tenant)
                .withDataContentType("application/json")
                .withData(json.writeValueAsBytes(data))
                .build();
    }

    private static void publish(String tenant, long ticketId, CloudEvent event) {
        TopicReader.publish(TOPIC, tenant + ":" + ticketId, event);
    }

    /** Publishes a notification command; returns its commandId. */
    private String publishCommand(String tenant, long ticketId, Map<String, Object> action) {
        String commandId = UUID.randomUUID().toString();
        publish(tenant, ticketId, command(tenant, ticketId, NOTIFICATION_COMMAND, commandId, action));
        return commandId;
    }

    private static Map<String, Object> webhook(
            String url, String method, String contentType, Map<String, String> headers, String body) {
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("type", "call-webhook");
        action.put("url", url);
        action.put("method", method);
        action.put("contentType", contentType);
        action.put("headers", headers);
        action.put("body", body);
        return action;
    }

    private List<Call> calls(String tenant, String commandId) {
        return tx.transactional(db.sql("select method, url, status_code, latency_ms, attempts, outcome, error"
                                + " from automation_webhook_call where command_id = :command order by id")
                        .bind("command", commandId)
                        .map(row -> new Call(
                                row.get("method", String.class),
                                row.get("url", String.class),
                                row.get("status_code", Integer.class),
                                row.get("latency_ms", Long.class),
                                row.get("attempts", Integer.class),
                                row.get("outcome", String.class),
                                row.get("error", String.class)))
                        .all()
                        .collectList())
                .contextWrite(Tenancy.of(TenantId.of(tenant)))
                .block();
    }

    private Call awaitCall(String tenant, String commandId) {
        await().atMost(WAIT).until(() -> !calls(tenant, commandId).isEmpty());
        return calls(tenant, commandId).getFirst();
    }

    /** A later command of the same ticket (same partition) whose call was recorded: earlier ones were handled. */
    private void awaitMarker(String tenant, long ticketId) {
        String marker = publishCommand(
                tenant, ticketId, webhook(WebhookReceiver.newEndpoint(), "POST", "application/json", Map.of(), "{}"));
        awaitCall(tenant, marker);
    }

    private static String text(MimeMessage message) {
        try {
            return message.getContent().toString().trim();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    class SendEmail {

        @Test
        void mailsEveryAddressTheSubjectAndBody() {
            String tenant = newTenant();
            String first = "first-" + tenant + "@example.com";
            String second = "second-" + tenant + "@example.com";
            publishCommand(
                    tenant,
                    newId(),
                    Map.of(
                            "type",
                            "send-email",
                            "to",
                            List.of(first, second),
                            "subject",
                            "Ticket escalated",
                            "body",
                            "Ticket #42 waits for you."));

            for (String address : List.of(first, second)) {
                await().atMost(WAIT)
                        .until(() -> !TestMailServer.messagesTo(address).isEmpty());
                MimeMessage message = TestMailServer.messagesTo(address).getFirst();
                assertThat(subject(message)).isEqualTo("Ticket escalated");
                assertThat(text(message)).isEqualTo("Ticket #42 waits for you.");
            }
        }

        @Test
        void aRedeliveredCommandMailsOnce() {
            String tenant = newTenant();
            long ticketId = newId();
            String address = "once-" + tenant + "@example.com";
            CloudEvent event = command(
                    tenant,
                    ticketId,
                    NOTIFICATION_COMMAND,
                    UUID.randomUUID().toString(),
                    Map.of("type", "send-email", "to", List.of(address), "subject", "Once", "body", "only once"));
            publish(tenant, ticketId, event);
            publish(tenant, ticketId, event);
            awaitMarker(tenant, ticketId);

            await().atMost(WAIT).until(() -> !TestMailServer.messagesTo(address).isEmpty());
            await().during(Duration.ofMillis(500))
                    .atMost(WAIT)
                    .until(() -> TestMailServer.messagesTo(address).size() == 1);
        }
    }

    @Nested
    class CallWebhook {

        @Test
        void sendsTheMethodHeadersContentTypeAndBodyAndRecordsTheCall() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            String commandId = publishCommand(
                    tenant,
                    newId(),
                    webhook(
                            url,
                            "PUT",
                            "application/xml",
                            Map.of("X-Rule", "escalate", "Authorization", "Bearer abc"),
                            "<ticket id=\"42\"/>"));

            Call call = awaitCall(tenant, commandId);
            assertThat(call.outcome()).isEqualTo("succeeded");
            assertThat(call.status()).isEqualTo(200);
            assertThat(call.attempts()).isEqualTo(1);
            assertThat(call.method()).isEqualTo("PUT");
            assertThat(call.url()).isEqualTo(url);
            assertThat(call.latencyMs()).isNotNull();
            List<WebhookReceiver.Received> requests = WebhookReceiver.requests(url);
            assertThat(requests).hasSize(1);
            WebhookReceiver.Received request = requests.getFirst();
            assertThat(request.method()).isEqualTo("PUT");
            assertThat(request.header("Content-Type")).startsWith("application/xml");
            assertThat(request.header("X-Rule")).isEqualTo("escalate");
            assertThat(request.header("Authorization")).isEqualTo("Bearer abc");
            assertThat(request.text()).isEqualTo("<ticket id=\"42\"/>");
        }

        @Test
        void aGetCarriesNoBody() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            String commandId =
                    publishCommand(tenant, newId(), webhook(url, "get", null, Map.of("X-Rule", "r"), "ignored"));

            assertThat(awaitCall(tenant, commandId).outcome()).isEqualTo("succeeded");
            WebhookReceiver.Received request = WebhookReceiver.requests(url).getFirst();
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.header("X-Rule")).isEqualTo("r");
            assertThat(request.body()).isEmpty();
        }

        @Test
        void aFailedCallIsRetried() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            WebhookReceiver.answer(url, n -> n == 1 ? 503 : 200);
            String commandId =
                    publishCommand(tenant, newId(), webhook(url, "POST", "application/json", Map.of(), "{}"));

            Call call = awaitCall(tenant, commandId);
            assertThat(call.outcome()).isEqualTo("succeeded");
            assertThat(call.attempts()).isEqualTo(2);
            assertThat(WebhookReceiver.requests(url))
                    .extracting(WebhookReceiver.Received::answeredWith)
                    .containsExactly(503, 200);
        }

        @Test
        void givesUpAfterThreeAttemptsAndRecordsTheFailure() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            WebhookReceiver.answer(url, n -> 500);
            String commandId =
                    publishCommand(tenant, newId(), webhook(url, "POST", "application/json", Map.of(), "{}"));

            Call call = awaitCall(tenant, commandId);
            assertThat(call.outcome()).isEqualTo("failed");
            assertThat(call.status()).isEqualTo(500);
            assertThat(call.attempts()).isEqualTo(3);
            assertThat(WebhookReceiver.requests(url)).hasSize(3);
        }

        @Test
        void aClientErrorIsNotRetried() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            WebhookReceiver.answer(url, n -> 404);
            String commandId =
                    publishCommand(tenant, newId(), webhook(url, "POST", "application/json", Map.of(), "{}"));

            Call call = awaitCall(tenant, commandId);
            assertThat(call.outcome()).isEqualTo("failed");
            assertThat(call.attempts()).isEqualTo(1);
            assertThat(WebhookReceiver.requests(url)).hasSize(1);
        }

        @Test
        void aRedeliveredCommandCallsOnce() {
            String tenant = newTenant();
            long ticketId = newId();
            String url = WebhookReceiver.newEndpoint();
            String commandId = UUID.randomUUID().toString();
            CloudEvent event = command(
                    tenant, ticketId, NOTIFICATION_COMMAND, commandId, webhook(url, "POST", null, Map.of(), "{}"));
            publish(tenant, ticketId, event);
            publish(tenant, ticketId, event);
            awaitMarker(tenant, ticketId);

            awaitCall(tenant, commandId);
            await().during(Duration.ofMillis(500))
                    .atMost(WAIT)
                    .until(() -> WebhookReceiver.requests(url).size() == 1
                            && calls(tenant, commandId).size() == 1);
        }

        @Test
        void aUrlThePolicyRefusesIsNotCalledAndTheRefusalIsRecorded() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            String withCredentials = url.replace("http://", "http://user:secret@");
            String commandId = publishCommand(tenant, newId(), webhook(withCredentials, "POST", null, Map.of(), "{}"));

            Call call = awaitCall(tenant, commandId);
            assertThat(call.outcome()).isEqualTo("refused");
            assertThat(call.attempts()).isZero();
            assertThat(call.status()).isNull();
            assertThat(call.error()).isEqualTo("Parameter 'url' must not contain credentials");
            assertThat(call.url()).isEqualTo(url);
            assertThat(WebhookReceiver.requests(url)).isEmpty();
        }

        @Test
        void aNonHttpUrlIsRefused() {
            String tenant = newTenant();
            String commandId =
                    publishCommand(tenant, newId(), webhook("ftp://127.0.0.1/x", "POST", null, Map.of(), "{}"));

            Call call = awaitCall(tenant, commandId);
            assertThat(call.outcome()).isEqualTo("refused");
            assertThat(call.error()).isEqualTo("Parameter 'url' must be an http(s) URL");
        }

        @Test
        void anUnsupportedMethodIsRefused() {
            String tenant = newTenant();
            String url = WebhookReceiver.newEndpoint();
            String commandId = publishCommand(tenant, newId(), webhook(url, "DELETE", null, Map.of(), null));

            Call call = awaitCall(tenant, commandId);
            assertThat(call.outcome()).isEqualTo("refused");
            assertThat(call.error()).isEqualTo("method must be one of POST, PUT, PATCH, GET");
            assertThat(WebhookReceiver.requests(url)).isEmpty();
        }

        @Test
        void callsAreVisibleOnlyToTheirTenant() {
            String tenant = newTenant();
            String commandId = publishCommand(
                    tenant, newId(), webhook(WebhookReceiver.newEndpoint(), "POST", null, Map.of(), "{}"));

            awaitCall(tenant, commandId);
            assertThat(calls(newTenant(), commandId)).isEmpty();
        }
    }

    @Nested
    class OtherTypes {

        @Test
        void ticketCommandsOnTheTopicAreIgnored() {
            String tenant = newTenant();
            long ticketId = newId();
            String url = WebhookReceiver.newEndpoint();
            String address = "ignored-" + tenant + "@example.com";
            String commandId = UUID.randomUUID().toString();
            Map<String, Object> data = webhook(url, "POST", null, Map.of(), "{}");
            publish(
                    tenant,
                    ticketId,
                    command(tenant, ticketId, "relaydesk.automation.ticket-command.v1", commandId, data));
            publish(
                    tenant,
                    ticketId,
                    command(
                            tenant,
                            ticketId,
                            "relaydesk.automation.other.v1",
                            UUID.randomUUID().toString(),
                            Map.of("type", "send-email", "to", List.of(address), "subject", "s", "body", "b")));
            awaitMarker(tenant, ticketId);

            await().during(Duration.ofMillis(500))
                    .atMost(WAIT)
                    .until(() -> WebhookReceiver.requests(url).isEmpty()
                            && calls(tenant, commandId).isEmpty()
                            && TestMailServer.messagesTo(address).isEmpty());
        }
    }
}

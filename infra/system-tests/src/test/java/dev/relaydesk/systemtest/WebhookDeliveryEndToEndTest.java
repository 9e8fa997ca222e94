package dev.relaydesk.systemtest;

import static dev.relaydesk.systemtest.GatewayClient.expect;
import static dev.relaydesk.systemtest.GatewayClient.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.relaydesk.localstack.App;
import dev.relaydesk.localstack.LocalPlatform;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outgoing webhooks as a customer sees them: an administrator subscribes a real HTTP receiver on loopback through the
 * gateway, tickets are created and updated through the gateway, and the receiver gets each ticket's events in order,
 * signed as the Standard Webhooks specification says (checked here with the specification's algorithm, not the
 * platform's code). A fault run makes the receiver fail while notification-service is restarted, and shows that every
 * event still arrives exactly once per {@code webhook-id}, in order per ticket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookDeliveryEndToEndTest {

    final JsonMapper json = JsonMapper.builder().build();
    final Receiver receiver = new Receiver();

    Path home;
    LocalPlatform platform;
    GatewayClient api;
    long categoryId;
    String secret;

    @BeforeAll
    void startPlatformAndReceiver() throws Exception {
        receiver.start();
        home = Files.createTempDirectory("relaydesk-webhook-test");
        platform = TestStacks.builder(home)
                .apps(App.GATEWAY, App.USER_SERVICE, App.TICKET_SERVICE, App.NOTIFICATION_SERVICE)
                .appArgs(
                        App.NOTIFICATION_SERVICE,
                        // the receiver is plain http on loopback; retries come quickly so the fault run is short
                        "--relaydesk.notifications.webhooks.allow-private-addresses=true",
                        "--relaydesk.notifications.webhooks.allow-http=true",
                        "--relaydesk.notifications.webhooks.retry-schedule=1s,1s,2s,2s,3s,3s,5s,5s,5s,5s",
                        "--relaydesk.notifications.webhooks.poll-interval=250ms",
                        "--relaydesk.notifications.webhooks.timeout=2s",
                        "--relaydesk.notifications.webhooks.lease=5s")
                .healthTimeout(Duration.ofMinutes(3))
                .start();
        api = new GatewayClient(platform.gatewayUrl(), GatewayClient.ADMIN);

        categoryId = id(api.post("/api/CreateCategory", "name", "Webhooks"));
        JsonNode subscription = json.readTree(expect(
                201,
                api.postJson(
                        "/webhooks/subscriptions",
                        json.writeValueAsString(Map.of(
                                "url", receiver.url(),
                                "eventTypes", List.of("ticket.*"),
                                "description", "end-to-end test receiver")))));
        secret = subscription.get("secret").asString();
        assertThat(secret).startsWith("whsec_");
    }

    @AfterAll
    void stopEverything() throws IOException {
        receiver.stop();
        TestStacks.stop(platform, home);
    }

    @Test
    @Order(1)
    void aTicketsCreatedAndUpdatedEventsArriveInOrderWithValidSignatures() throws Exception {
        long ticket = createTicket("Printer on fire");
        expect(200, api.post("/api/UpdateTicket", "id", Long.toString(ticket), "priority", "1"));

        List<Received> delivered = await().atMost(Duration.ofSeconds(60))
                .until(() -> receiver.acceptedFor(ticket, json), list -> list.size() >= 2);

        assertThat(delivered)
                .extracting(r -> r.type(json))
                .startsWith("relaydesk.ticket.created.v1", "relaydesk.ticket.updated.v1");
        for (Received r : delivered) {
            assertThat(r.signatureValid(secret))
                    .as("signature of %s", r.webhookId())
                    .isTrue();
            assertThat(Math.abs(Long.parseLong(r.timestamp()) - System.currentTimeMillis() / 1000))
                    .isLessThan(120);
            assertThat(r.event(json).get("specversion").asString()).isEqualTo("1.0");
            assertThat(r.event(json).get("data").get("ticketId").asLong()).isEqualTo(ticket);
        }
        assertThat(delivered
                        .get(1)
                        .event(json)
                        .get("data")
                        .get("ticket")
                        .get("priorityId")
                        .asInt())
                .isEqualTo(1);
        assertThat(receiver.attemptsOf(delivered.getFirst().webhookId())).isEqualTo(1);
    }

    @Test
    @Order(2)
    void whileTheReceiverFailsAndNotificationServiceRestartsNothingIsLostDuplicatedOrReordered() throws Exception {
        receiver.answer(500);
        long ticket = createTicket("Flaky receiver");
        for (String priority : List.of("1", "2", "-1")) {
            expect(200, api.post("/api/UpdateTicket", "id", Long.toString(ticket), "priority", priority));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.failedAttemptsFor(ticket, json) >= 2);

        platform.restart(App.NOTIFICATION_SERVICE);
        receiver.answer(200);

        List<Received> delivered = await().atMost(Duration.ofSeconds(90))
                .until(() -> receiver.acceptedFor(ticket, json), list -> list.size() >= 4);

        assertThat(delivered)
                .extracting(r -> r.type(json))
                .containsExactly(
                        "relaydesk.ticket.created.v1",
                        "relaydesk.ticket.updated.v1",
                        "relaydesk.ticket.updated.v1",
                        "relaydesk.ticket.updated.v1");
        assertThat(delivered)
                .extracting(r -> r.event(json)
                        .get("data")
                        .get("ticket")
                        .get("priorityId")
                        .asInt())
                .containsExactly(0, 1, 2, -1);
        Map<String, Long> acceptedPerId =
                delivered.stream().collect(Collectors.groupingBy(Received::webhookId, Collectors.counting()));
        assertThat(acceptedPerId).hasSize(4).allSatisfy((id, count) -> assertThat(count)
                .as("accepted deliveries of %s", id)
                .isEqualTo(1));
        assertThat(delivered)
                .allSatisfy(r -> assertThat(r.signatureValid(secret)).isTrue());
        // the retries of one event kept its webhook-id: a receiver deduplicating on it sees each event once
        assertThat(receiver.attemptsOf(delivered.getFirst().webhookId())).isGreaterThan(1);

        // and nothing more arrives later (no duplicate once the dust settles)
        Thread.sleep(3000);
        assertThat(receiver.acceptedFor(ticket, json)).hasSize(4);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    long createTicket(String subject) throws Exception {
        return id(api.post("/api/ticket", "categoryId", Long.toString(categoryId), "subject", subject, "body", "Help"));
    }

    /** One request the receiver got, and what it answered. */
    record Received(String webhookId, String timestamp, String signature, String body, int answered) {

        JsonNode event(JsonMapper json) {
            return json.readTree(body);
        }

        String type(JsonMapper json) {
            return event(json).get("type").asString();
        }

        long ticketId(JsonMapper json) {
            JsonNode data = event(json).get("data");
            return data == null || data.get("ticketId") == null
                    ? -1
                    : data.get("ticketId").asLong();
        }

        /** Standard Webhooks: any {@code v1,<base64 HMAC-SHA256(key, id.timestamp.body)>} of the header matches. */
        boolean signatureValid(String secret) {
            try {
                byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                byte[] expected =
                        mac.doFinal((webhookId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
                for (String candidate : signature.split(" ")) {
                    if (candidate.startsWith("v1,")
                            && MessageDigest.isEqual(Base64.getDecoder().decode(candidate.substring(3)), expected)) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        }
    }

    /** A webhook endpoint on loopback that records every request and answers with the status it is told to. */
    static final class Receiver {

        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final AtomicInteger status = new AtomicInteger(200);
        private HttpServer server;

        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                int answer = status.get();
                var headers = exchange.getRequestHeaders();
                received.add(new Received(
                        headers.getFirst("webhook-id"),
                        headers.getFirst("webhook-timestamp"),
                        headers.getFirst("webhook-signature"),
                        body,
                        answer));
                exchange.sendResponseHeaders(answer, -1);
                exchange.close();
            });
            server.start();
        }

        void stop() {
            if (server != null) {
                server.stop(0);
            }
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        void answer(int code) {
            status.set(code);
        }

        /** The 2xx-answered requests about one ticket, in the order they arrived. */
        List<Received> acceptedFor(long ticket, JsonMapper json) {
            return received.stream()
                    .filter(r -> r.answered() < 300 && r.ticketId(json) == ticket)
                    .toList();
        }

        long failedAttemptsFor(long ticket, JsonMapper json) {
            return received.stream()
                    .filter(r -> r.answered() >= 300 && r.ticketId(json) == ticket)
                    .count();
        }

        long attemptsOf(String webhookId) {
            Map<String, Long> counts = new LinkedHashMap<>();
            received.forEach(r -> counts.merge(r.webhookId(), 1L, Long::sum));
            return counts.getOrDefault(webhookId, 0L);
        }
    }
}

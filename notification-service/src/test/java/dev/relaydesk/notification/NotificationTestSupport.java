package dev.relaydesk.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.platform.tenancy.Tenancy;
import dev.relaydesk.testkit.ApiTestSupport;
import dev.relaydesk.testkit.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Fixtures of notification-service's tests: the JSON API, events as other services publish them, signatures. */
abstract class NotificationTestSupport extends ApiTestSupport {

    static final long ADMIN = 900_000_001L;
    static final long TECH = 900_000_002L;
    static final long REGULAR = 900_000_003L;

    @Autowired
    protected JsonMapper json;

    @Autowired
    private DatabaseClient db;

    @Autowired
    private TransactionalOperator tx;

    /** Waits until the user directory applied user-service's event for {@code userId}. */
    void awaitUser(String tenant, long userId) {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> tx.transactional(db.sql("select count(*) as n from user_view where user_id = :id")
                                        .bind("id", userId)
                                        .map(row -> row.get("n", Long.class))
                                        .one())
                                .contextWrite(Tenancy.of(TenantId.of(tenant)))
                                .block()
                        == 1L);
    }

    /** A created subscription: its id and signing secret. */
    record Created(long id, String secret, JsonNode body) {}

    Created subscribe(String tenant, String url, String... eventTypes) {
        return subscribe(tenant, Map.of("url", url, "eventTypes", List.of(eventTypes)));
    }

    Created subscribe(String tenant, Map<String, Object> request) {
        String body = send("POST", "/webhooks/subscriptions", admin(tenant), request)
                .expectStatus()
                .isCreated()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        JsonNode node = json.readTree(body);
        return new Created(node.get("id").asLong(), node.get("secret").asString(), node);
    }

    WebTestClient.ResponseSpec send(String method, String path, String authorization, Object body) {
        var request = web.method(org.springframework.http.HttpMethod.valueOf(method))
                .uri(path)
                .header("Authorization", authorization);
        if (body == null) {
            return request.exchange();
        }
        return request.contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.writeValueAsString(body))
                .exchange();
    }

    WebTestClient.ResponseSpec getJson(String path, String authorization) {
        return web.get().uri(path).header("Authorization", authorization).exchange();
    }

    JsonNode jsonOf(WebTestClient.ResponseSpec spec) {
        return json.readTree(spec.expectStatus()
                .is2xxSuccessful()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    }

    /** The response is an RFC 9457 problem with this status and detail. */
    static void assertProblem(WebTestClient.ResponseSpec spec, int status, String detail) {
        spec.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(status)
                .jsonPath("$.detail")
                .isEqualTo(detail);
    }

    /** Publishes an event as its owning service's outbox relay would; returns the event id. */
    String publish(String topic, String tenant, Object aggregateId, String type, Map<String, Object> data) {
        String id = UUID.randomUUID().toString();
        CloudEvent event = CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("/relaydesk/" + topic.substring(0, topic.indexOf('.')) + "-service"))
                .withType(type)
                .withSubject(aggregateId.toString())
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withExtension("tenant", tenant)
                .withDataContentType("application/json")
                .withData(json.writeValueAsBytes(data))
                .build();
        TopicReader.publish(topic, tenant + ":" + aggregateId, event);
        return id;
    }

    /** A ticket event of ticket-service's contract: ticketId, actorUserId, occurredAt, the ticket snapshot, extras. */
    String ticketEvent(String tenant, long ticketId, String type, Map<String, Object> ticket, Object... extra) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ticketId", ticketId);
        data.put("actorUserId", REGULAR);
        data.put("occurredAt", Instant.now().toString());
        data.put("ticket", ticket);
        data.put("causedBy", null);
        for (int i = 0; i < extra.length; i += 2) {
            data.put((String) extra[i], extra[i + 1]);
        }
        return publish("ticket.tickets", tenant, ticketId, type, data);
    }

    static Map<String, Object> ticket(long ticketId, String subject, long categoryId, Long submitter, Long assignee) {
        Map<String, Object> ticket = new LinkedHashMap<>();
        ticket.put("ticketId", ticketId);
        ticket.put("subject", subject);
        ticket.put("categoryId", categoryId);
        ticket.put("statusId", 1);
        ticket.put("priorityId", 0);
        ticket.put("origin", 0);
        ticket.put("submitterUserId", submitter);
        ticket.put("assignedToUserId", assignee);
        ticket.put("companyId", null);
        ticket.put("departmentId", null);
        ticket.put("tags", List.of());
        ticket.put("dueDate", null);
        ticket.put("customFields", Map.of());
        ticket.put("createdAt", Instant.now().toString());
        ticket.put("updatedAt", Instant.now().toString());
        ticket.put("resolvedAt", null);
        return ticket;
    }

    /** Publishes {@code relaydesk.user.created.v1} as user-service does. */
    void userCreated(String tenant, long userId, String email, boolean admin, boolean tech) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", userId);
        data.put("username", "user" + userId);
        data.put("email", email);
        data.put("firstName", "First" + userId);
        data.put("lastName", "Last");
        data.put("isAdmin", admin);
        data.put("isTech", tech);
        data.put("isManager", false);
        data.put("companyId", null);
        data.put("departmentId", null);
        data.put("sendWelcomeEmail", false);
        data.put("occurredAt", Instant.now().toString());
        publish("user.users", tenant, userId, "relaydesk.user.created.v1", data);
    }

    /** Checks a request's Standard Webhooks signature the way the specification describes it. */
    static void assertSignedWith(WebhookReceiver.Received request, String secret) {
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        String signatures = request.header("webhook-signature");
        assertThat(id).isNotBlank();
        assertThat(Long.parseLong(timestamp))
                .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(300L));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(request.body()));
            assertThat(signatures.split(" ")).contains(expected);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    JsonNode bodyOf(WebhookReceiver.Received request) {
        return json.readTree(request.body());
    }
}

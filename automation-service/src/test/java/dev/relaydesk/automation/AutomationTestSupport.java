package dev.relaydesk.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.testkit.ApiTestSupport;
import dev.relaydesk.testkit.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * automation-service's test fixtures: the admin JSON API, ticket and user events published the way ticket-service and
 * user-service publish them (their contracts), and the commands automation-service sends.
 */
abstract class AutomationTestSupport extends ApiTestSupport {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String TICKET_COMMAND = "relaydesk.automation.ticket-command.v1";
    static final String NOTIFICATION_COMMAND = "relaydesk.automation.notification-command.v1";

    WebTestClient.ResponseSpec call(HttpMethod method, String path, String auth, String jsonBody) {
        var request = web.method(method).uri(path).header("Authorization", auth);
        if (jsonBody == null) {
            return request.exchange();
        }
        return request.contentType(MediaType.APPLICATION_JSON)
                .bodyValue(jsonBody)
                .exchange();
    }

    long createRule(String tenant, String ruleJson) {
        JsonNode rule = json(call(HttpMethod.POST, "/automation/rules", admin(tenant), ruleJson)
                .expectStatus()
                .isCreated()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        return rule.get("id").longValue();
    }

    JsonNode getJson(String path, String auth) {
        return json(call(HttpMethod.GET, path, auth, null)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    }

    List<Map<String, Object>> executionsOfTicket(String tenant, long ticketId) {
        return call(HttpMethod.GET, "/automation/tickets/" + ticketId + "/executions", admin(tenant), null)
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
                .returnResult()
                .getResponseBody();
    }

    /** Problem details (RFC 9457) with this status and detail. */
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

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** A ticket snapshot as ticket-service's events carry it, with {@code overrides} applied. */
    static Map<String, Object> ticket(long ticketId, Object... overrides) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("ticketId", ticketId);
        t.put("subject", "Printer is broken");
        t.put("categoryId", 7);
        t.put("statusId", 1);
        t.put("priorityId", 0);
        t.put("origin", "api");
        t.put("submitterUserId", 100);
        t.put("assignedToUserId", null);
        t.put("companyId", null);
        t.put("departmentId", null);
        t.put("tags", List.of());
        t.put("dueDate", null);
        t.put("customFields", Map.of());
        t.put("createdAt", Instant.now().minusSeconds(60).toString());
        t.put("updatedAt", Instant.now().toString());
        t.put("resolvedAt", null);
        for (int i = 0; i < overrides.length; i += 2) {
            t.put((String) overrides[i], overrides[i + 1]);
        }
        return t;
    }

    /** Publishes a ticket-service event on {@code ticket.tickets}; returns its id. */
    static String publishTicketEvent(String tenant, long ticketId, String what, Map<String, Object> data) {
        Map<String, Object> full = new HashMap<>(data);
        full.putIfAbsent("ticketId", ticketId);
        full.putIfAbsent("actorUserId", 100);
        full.putIfAbsent("occurredAt", Instant.now().toString());
        full.putIfAbsent("causedBy", null);
        String id = UUID.randomUUID().toString();
        publish("ticket.tickets", tenant, ticketId, "relaydesk." + what + ".v1", id, full);
        return id;
    }

    static String created(String tenant, Map<String, Object> ticket) {
        long id = ((Number) ticket.get("ticketId")).longValue();
        return publishTicketEvent(
                tenant,
                id,
                "ticket.created",
                Map.of("ticket", ticket, "body", "Please help", "suppressConfirmation", false));
    }

    static String updated(String tenant, Map<String, Object> ticket, Object causedBy, Map<String, Object>... changes) {
        long id = ((Number) ticket.get("ticketId")).longValue();
        Map<String, Object> data = new HashMap<>();
        data.put("ticket", ticket);
        data.put("changes", List.of(changes));
        data.put("causedBy", causedBy);
        return publishTicketEvent(tenant, id, "ticket.updated", data);
    }

    static Map<String, Object> change(String field, Object oldValue, Object newValue) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("field", field);
        c.put("oldValue", oldValue == null ? null : oldValue.toString());
        c.put("newValue", newValue == null ? null : newValue.toString());
        return c;
    }

    static Map<String, Object> causedBy(long ruleId, int depth, String originEventId) {
        return Map.of("ruleId", ruleId, "depth", depth, "originEventId", originEventId);
    }

    static void publish(String topic, String tenant, Object aggregate, String type, String id, Object data) {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("/relaydesk/test"))
                .withType(type)
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withSubject(String.valueOf(aggregate))
                .withExtension("tenant", tenant)
                .withDataContentType("application/json")
                .withData(JSON.writeValueAsBytes(data))
                .build();
        TopicReader.publish(topic, tenant + ":" + aggregate, event);
    }

    /** A technician of a category, as user-service announces them. */
    static void technicianOf(String tenant, long userId, long categoryId, String firstName, String email) {
        publish(
                "user.users",
                tenant,
                userId,
                "relaydesk.user.created.v1",
                UUID.randomUUID().toString(),
                Map.of(
                        "userId",
                        userId,
                        "username",
                        firstName.toLowerCase(),
                        "email",
                        email,
                        "firstName",
                        firstName,
                        "lastName",
                        "Tech",
                        "isAdmin",
                        false,
                        "isTech",
                        true,
                        "isManager",
                        false,
                        "occurredAt",
                        Instant.now().toString()));
        publish(
                "user.permissions",
                tenant,
                userId,
                "relaydesk.permission.category-tech-added.v1",
                UUID.randomUUID().toString(),
                Map.of(
                        "userId",
                        userId,
                        "categoryId",
                        categoryId,
                        "occurredAt",
                        Instant.now().toString()));
    }

    /** Waits until the read model knows the ticket (dry runs by ticket id answer 200 from then on). */
    void awaitTicketKnown(String tenant, long ruleId, long ticketId, String condition) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String body = call(
                            HttpMethod.POST,
                            "/automation/rules/" + ruleId + "/test",
                            admin(tenant),
                            "{\"ticketId\":" + ticketId + "}")
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(body).contains(condition);
        });
    }

    /** The first command of this type for the ticket whose data contains every text; its data. */
    static JsonNode command(String tenant, long ticketId, String type, String... containing) {
        return json(event("automation.commands", tenant, ticketId, type, containing));
    }
}

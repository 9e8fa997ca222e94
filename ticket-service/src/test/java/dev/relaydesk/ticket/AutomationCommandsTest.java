package dev.relaydesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relaydesk.testkit.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** automation-service's ticket commands: applied once, as the system, naming the rule, events with causedBy. */
class AutomationCommandsTest extends TicketApiTestSupport {

    String tenant = newTenant();
    long cat;
    long ticket;

    @BeforeEach
    void setUp() {
        people(tenant);
        cat = category(tenant, "name", "General issues");
        ticket = ticket(tenant, regular(tenant), cat, "Needs triage", "tags", "old");
    }

    CloudEvent command(String id, String type, String data) {
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("/relaydesk/automation-service"))
                .withType(type)
                .withTime(OffsetDateTime.now())
                .withExtension("tenant", tenant)
                .withDataContentType("application/json")
                .withData(data.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    @Test
    void appliesEveryActionOnceAsTheSystemNamingTheRuleWithCausedByOnTheEvents() throws Exception {
        String onHold = body(post("CreateStatus", admin(tenant), "name", "On hold")
                .expectStatus()
                .isOk());
        String data =
                """
                {"commandId":"%s","ticketId":%d,"ruleId":7,"ruleName":"Triage","depth":1,"originEventId":"origin-1",
                 "triggerEventId":"trigger-1","occurredAt":"2026-01-01T00:00:00Z","actions":[
                  {"type":"set-status","statusId":%s},
                  {"type":"set-priority","priorityId":2},
                  {"type":"assign","userId":%d},
                  {"type":"set-due-date","dueDate":"2030-01-02T03:04:05Z"},
                  {"type":"add-tags","tags":["auto"]},
                  {"type":"remove-tags","tags":["old"]},
                  {"type":"set-status","statusId":424242},
                  {"type":"add-comment","body":"Triaged automatically","forTechsOnly":false}]}"""
                        .formatted(UUID.randomUUID(), ticket, onHold, TECH);
        String eventId = UUID.randomUUID().toString();
        TopicReader.publish(
                "automation.commands",
                tenant + ":" + ticket,
                command(UUID.randomUUID().toString(), "relaydesk.automation.notification-command.v1", "{}"));
        TopicReader.publish(
                "automation.commands",
                tenant + ":" + ticket,
                command(eventId, "relaydesk.automation.ticket-command.v1", data));
        // redelivery of the same event changes nothing
        TopicReader.publish(
                "automation.commands",
                tenant + ":" + ticket,
                command(eventId, "relaydesk.automation.ticket-command.v1", data));

        String updated = event(
                "ticket.tickets",
                tenant,
                ticket,
                "relaydesk.ticket.updated.v1",
                "\"causedBy\":{\"ruleId\":7,\"depth\":1,\"originEventId\":\"origin-1\"}");
        assertThat(updated)
                .contains(
                        "\"actorUserId\":null",
                        "\"statusId\":" + onHold,
                        "\"priorityId\":2",
                        "\"assignedToUserId\":" + TECH,
                        "\"tags\":[\"auto\"]",
                        "\"dueDate\":\"2030-01-02T03:04:05Z\"",
                        "\"onHold\":true");
        event(
                "ticket.tickets",
                tenant,
                ticket,
                "relaydesk.ticket.assigned.v1",
                "\"causedBy\":{\"ruleId\":7",
                "\"toUserId\":" + TECH);
        assertThat(event(
                        "ticket.tickets",
                        tenant,
                        ticket,
                        "relaydesk.comment.added.v1",
                        "\"body\":\"Triaged automatically\""))
                .contains("\"actorUserId\":null", "\"isSystem\":true", "\"causedBy\":{\"ruleId\":7");
        assertThat(body(get("Comments?id=" + ticket, regular(tenant))))
                .contains("\"Body\":\"Triaged automatically\"", "\"IsSystem\":true");
        assertThat(sql("select count(*) from ticket_audit where tenant_id = '" + tenant + "' and ticket_id = " + ticket
                        + " and rule_id = 7 and rule_name = 'Triage' and user_id is null and field = 'priorityId'"))
                .isEqualTo("1");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> "1"
                .equals(sql(
                        "select count(*) from comments where tenant_id = '" + tenant + "' and ticket_id = " + ticket)));
        assertThat(body(get("Ticket?id=" + ticket, admin(tenant))))
                .contains("\"StatusID\":" + onHold, "\"AssignedToUserID\":" + TECH);
    }

    @Test
    void aCommentOnlyCommandAddsTheCommentWithoutTouchingTheTicketAndACommandForAMissingTicketIsDropped()
            throws Exception {
        String missing =
                """
                {"commandId":"%s","ticketId":987654321,"ruleId":8,"ruleName":"Gone","depth":1,"originEventId":"o-2",
                 "triggerEventId":"t-2","occurredAt":"2026-01-01T00:00:00Z","actions":[
                  {"type":"add-comment","body":"Nobody reads this"}]}"""
                        .formatted(UUID.randomUUID());
        String commentOnly =
                """
                {"commandId":"%s","ticketId":%d,"ruleId":9,"ruleName":"Note","depth":1,"originEventId":"o-3",
                 "triggerEventId":"t-3","occurredAt":"2026-01-01T00:00:00Z","actions":[
                  {"type":"add-comment","body":"Seen by a rule","forTechsOnly":true}]}"""
                        .formatted(UUID.randomUUID(), ticket);
        TopicReader.publish(
                "automation.commands",
                tenant + ":987654321",
                command(UUID.randomUUID().toString(), "relaydesk.automation.ticket-command.v1", missing));
        TopicReader.publish(
                "automation.commands",
                tenant + ":" + ticket,
                command(UUID.randomUUID().toString(), "relaydesk.automation.ticket-command.v1", commentOnly));

        assertThat(event("ticket.tickets", tenant, ticket, "relaydesk.comment.added.v1", "\"body\":\"Seen by a rule\""))
                .contains("\"forTechsOnly\":true", "\"causedBy\":{\"ruleId\":9");
        assertThat(sql("select count(*) from ticket_audit where tenant_id = '" + tenant + "' and ticket_id = " + ticket
                        + " and rule_id = 9 and field <> 'comment'"))
                .isEqualTo("0");
        assertThat(sql("select count(*) from comments where tenant_id = '" + tenant + "' and ticket_id = 987654321"))
                .isEqualTo("0");
        assertThat(body(get("Comments?id=" + ticket, regular(tenant)))).doesNotContain("Seen by a rule");
        assertThat(body(get("Comments?id=" + ticket, admin(tenant)))).contains("Seen by a rule");
    }
}

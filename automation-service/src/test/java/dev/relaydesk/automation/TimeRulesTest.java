package dev.relaydesk.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.automation.schedule.TimeRuleScheduler;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/** Time-based rules, run by the scheduler (every 200 ms in tests): escalation, on hold, episodes. */
class TimeRulesTest extends AutomationTestSupport {

    final String tenant = newTenant();

    @Autowired
    TimeRuleScheduler scheduler;

    static final String ESCALATE_OVERDUE =
            """
            {"name": "Escalate overdue", "trigger": {"type": "overdue"},
             "actions": [{"type": "set-priority", "priorityId": 2},
                         {"type": "add-comment", "body": "Overdue since #date#", "forTechsOnly": true}]}
            """;

    @Test
    void overdueTicketIsEscalatedAndATicketOnHoldIsLeftAloneUntilTheHoldIsLifted() {
        long rule = createRule(tenant, ESCALATE_OVERDUE);
        String past = Instant.now().minusSeconds(120).toString();
        created(tenant, ticket(11, "dueDate", past, "onHold", true));
        awaitTicketKnown(tenant, rule, 11, "\"onHold\":true");
        created(tenant, ticket(12, "dueDate", past));

        JsonNode escalation = command(tenant, 12, TICKET_COMMAND, "Escalate overdue");
        assertThat(escalation.get("actions").get(0).toString())
                .isEqualTo("{\"type\":\"set-priority\",\"priorityId\":2}");
        assertThat(escalation.get("depth").intValue()).isEqualTo(1);
        assertThat(escalation.get("originEventId").asString()).isEqualTo("timer:" + rule + ":12:" + past);
        assertThat(executionsOfTicket(tenant, 12))
                .extracting(e -> e.get("trigger") + ":" + e.get("outcome"))
                .containsExactly("overdue:fired");
        assertThat(executionsOfTicket(tenant, 11)).isEmpty();

        // The hold is lifted: now ticket 11 is escalated too, once.
        updated(tenant, ticket(11, "dueDate", past, "onHold", false), null, change("statusId", 6, 1));
        command(tenant, 11, TICKET_COMMAND, "Escalate overdue");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(executionsOfTicket(tenant, 11))
                .extracting(e -> e.get("outcome"))
                .containsExactly("fired"));
    }

    @Test
    void ticketInAPausedStatusIsNotEscalated() {
        call(HttpMethod.PUT, "/automation/settings", admin(tenant), "{\"pausedStatusIds\": [6]}")
                .expectStatus()
                .isOk();
        long rule = createRule(tenant, ESCALATE_OVERDUE);
        String past = Instant.now().minusSeconds(60).toString();
        created(tenant, ticket(21, "dueDate", past, "statusId", 6));
        created(tenant, ticket(22, "dueDate", past, "statusId", 1));
        command(tenant, 22, TICKET_COMMAND, "Escalate overdue");
        awaitTicketKnown(tenant, rule, 21, "\"statusId\":6");
        assertThat(executionsOfTicket(tenant, 21)).isEmpty();
    }

    @Test
    void anEscalatedTicketIsNotEscalatedAgainForTheSameDueDate() {
        long rule = createRule(tenant, ESCALATE_OVERDUE);
        String past = Instant.now().minusSeconds(60).toString();
        created(tenant, ticket(31, "dueDate", past));
        command(tenant, 31, TICKET_COMMAND, "Escalate overdue");
        // ticket-service applies the escalation and publishes it (caused by the rule); the due date is unchanged.
        updated(
                tenant,
                ticket(31, "dueDate", past, "priorityId", 2),
                causedBy(rule, 1, "timer:" + rule + ":31:" + past),
                change("priorityId", 0, 2));
        awaitTicketKnown(tenant, rule, 31, "\"priorityId\":2");
        // A new due date is a new episode.
        String later = Instant.now().minusSeconds(1).toString();
        updated(tenant, ticket(31, "dueDate", later, "priorityId", 2), null, change("dueDate", past, later));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(executionsOfTicket(tenant, 31))
                .extracting(e -> e.get("originEventId") + ":" + e.get("outcome"))
                .containsExactly(
                        "timer:" + rule + ":31:" + past + ":fired", "timer:" + rule + ":31:" + later + ":fired"));
    }

    @Test
    void notUpdatedForAndWillBeOverdueWithinFireFromTheSnapshotsTimes() {
        createRule(
                tenant,
                """
                {"name": "Stale", "trigger": {"type": "not-updated-for", "minutes": 30},
                 "conditions": [{"field": "priority", "operator": "less", "value": "2"}],
                 "actions": [{"type": "send-email", "to": ["boss@test"], "subject": "Stale #ticketId#", "body": "#subject#"}]}
                """);
        createRule(
                tenant,
                """
                {"name": "Soon due", "trigger": {"type": "will-be-overdue", "hours": 2},
                 "actions": [{"type": "add-tags", "tags": ["due-soon"]}]}
                """);
        String longAgo = Instant.now().minus(Duration.ofMinutes(45)).toString();
        created(tenant, ticket(41, "updatedAt", longAgo, "createdAt", longAgo));
        assertThat(command(tenant, 41, NOTIFICATION_COMMAND, "Stale 41")
                        .get("action")
                        .get("body")
                        .asString())
                .isEqualTo("Printer is broken");

        created(
                tenant,
                ticket(42, "dueDate", Instant.now().plus(Duration.ofMinutes(90)).toString()));
        assertThat(command(tenant, 42, TICKET_COMMAND, "Soon due")
                        .get("actions")
                        .toString())
                .isEqualTo("[{\"type\":\"add-tags\",\"tags\":[\"due-soon\"]}]");
    }

    @Test
    void replicasTickingAtTheSameTimeHandleEachDueTimerOnce() throws Exception {
        long rule = createRule(tenant, ESCALATE_OVERDUE);
        String past = Instant.now().minusSeconds(30).toString();
        for (long id = 101; id <= 120; id++) {
            created(tenant, ticket(id, "dueDate", past));
        }
        // Two more "replicas" tick in a loop next to the context's own scheduler until every ticket was escalated.
        Runnable replica = () -> {
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < until) {
                scheduler.tick().block(Duration.ofSeconds(10));
            }
        };
        Thread first = Thread.ofPlatform().start(replica);
        Thread second = Thread.ofPlatform().start(replica);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                            getJson("/automation/rules/" + rule + "/executions", admin(tenant))
                                    .size())
                    .isEqualTo(20));
        } finally {
            first.interrupt();
            second.interrupt();
        }
        JsonNode executions = getJson("/automation/rules/" + rule + "/executions", admin(tenant));
        assertThat(executions.findValuesAsString("outcome")).containsOnly("fired");
        assertThat(executions.findValues("ticketId").stream()
                        .map(JsonNode::longValue)
                        .distinct()
                        .count())
                .isEqualTo(20);
    }

    @Test
    void aDisabledTimeRuleNeverFires() {
        long rule = createRule(tenant, ESCALATE_OVERDUE.replace("\"trigger\"", "\"enabled\": false, \"trigger\""));
        created(tenant, ticket(51, "dueDate", Instant.now().minusSeconds(60).toString()));
        awaitTicketKnown(tenant, rule, 51, "\"ticketId\":51");
        // a second tenant's overdue ticket shows the scheduler ran meanwhile
        String other = newTenant();
        createRule(other, ESCALATE_OVERDUE);
        created(other, ticket(51, "dueDate", Instant.now().minusSeconds(60).toString()));
        command(other, 51, TICKET_COMMAND, "Escalate overdue");
        assertThat(executionsOfTicket(tenant, 51)).isEmpty();
    }
}

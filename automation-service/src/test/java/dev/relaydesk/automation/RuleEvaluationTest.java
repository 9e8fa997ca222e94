package dev.relaydesk.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.automation.execution.RuleFiring;
import dev.relaydesk.automation.rule.Rule;
import dev.relaydesk.automation.rule.Rules;
import dev.relaydesk.automation.ticket.TicketEvents;
import dev.relaydesk.automation.ticket.TicketSnapshot;
import dev.relaydesk.contract.TenantId;
import dev.relaydesk.platform.tenancy.Tenancy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.JsonNode;

/** Rules evaluated on ticket events: the issue's scenario, triggers, placeholders, and the loop guards. */
class RuleEvaluationTest extends AutomationTestSupport {

    final String tenant = newTenant();

    @Autowired
    Rules rules;

    @Autowired
    RuleFiring firing;

    @Autowired
    TransactionalOperator tx;

    static final String URGENT_RULE =
            """
            {"name": "Urgent printer tickets",
             "trigger": "ticket-created",
             "match": "all",
             "conditions": [{"field": "category", "operator": "is", "value": "7"},
                            {"field": "subject", "operator": "contains", "value": "urgent"}],
             "actions": [{"type": "set-priority", "priorityId": 2},
                         {"type": "assign", "mode": "round-robin"},
                         {"type": "add-tags", "tags": ["urgent"]}]}
            """;

    @Nested
    class IssueScenario {

        @Test
        void urgentTicketInCategoryGetsCriticalPriorityATechnicianAndATagInOneCommand() {
            technicianOf(tenant, 501, 7, "Max", "max@test");
            long rule = createRule(tenant, URGENT_RULE);
            // user-service's events are applied: the dry run resolves round-robin to the category's technician.
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(body(call(
                            org.springframework.http.HttpMethod.POST,
                            "/automation/rules/" + rule + "/test",
                            admin(tenant),
                            "{\"ticket\": {\"ticketId\": 1, \"categoryId\": 7, \"subject\": \"URGENT\"}}")))
                    .contains("\"userId\":501"));

            String eventId = created(tenant, ticket(41, "subject", "Urgent: printer on fire"));

            JsonNode command = command(tenant, 41, TICKET_COMMAND);
            assertThat(JSON.convertValue(command.get("actions"), List.class))
                    .isEqualTo(List.of(
                            Map.of("type", "set-priority", "priorityId", 2),
                            Map.of("type", "assign", "userId", 501),
                            Map.of("type", "add-tags", "tags", List.of("urgent"))));
            assertThat(command.get("ruleId").longValue()).isEqualTo(rule);
            assertThat(command.get("ruleName").asString()).isEqualTo("Urgent printer tickets");
            assertThat(command.get("depth").intValue()).isEqualTo(1);
            assertThat(command.get("originEventId").asString()).isEqualTo(eventId);
            assertThat(command.get("triggerEventId").asString()).isEqualTo(eventId);
            assertThat(command.get("ticketId").longValue()).isEqualTo(41);
            assertThat(command.get("commandId").asString()).hasSize(36);
            assertThat(command.get("occurredAt").asString()).isNotBlank();

            List<Map<String, Object>> executions = executionsOfTicket(tenant, 41);
            assertThat(executions).hasSize(1);
            assertThat(executions.getFirst())
                    .containsEntry("ruleId", (int) rule)
                    .containsEntry("trigger", "ticket-created")
                    .containsEntry("triggerEventId", eventId)
                    .containsEntry("outcome", "fired")
                    .containsEntry("commandId", command.get("commandId").asString());
        }

        @Test
        void ticketWithoutUrgentInTheSubjectIsLeftAlone() {
            long rule = createRule(tenant, URGENT_RULE);
            created(tenant, ticket(42, "subject", "Printer is slow"));
            awaitTicketKnown(tenant, rule, 42, "Printer is slow");
            assertThat(executionsOfTicket(tenant, 42)).isEmpty();
        }

        @Test
        void roundRobinTakesTheCategorysTechniciansInTurnAndLeastLoadedThePersonWithFewestOpenTickets() {
            technicianOf(tenant, 601, 9, "Ann", "ann@test");
            technicianOf(tenant, 602, 9, "Bob", "bob@test");
            long rule = createRule(
                    tenant,
                    """
                    {"name": "Spread", "trigger": "ticket-created",
                     "conditions": [{"field": "category", "operator": "is", "value": "9"}],
                     "actions": [{"type": "assign", "mode": "round-robin"}]}
                    """);
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(body(call(
                            org.springframework.http.HttpMethod.POST,
                            "/automation/rules/" + rule + "/test",
                            admin(tenant),
                            "{\"ticket\": {\"ticketId\": 1, \"categoryId\": 9}}")))
                    .contains("\"userId\":601"));
            created(tenant, ticket(51, "categoryId", 9));
            assertThat(command(tenant, 51, TICKET_COMMAND).toString()).contains("\"userId\":601");
            created(tenant, ticket(52, "categoryId", 9));
            assertThat(command(tenant, 52, TICKET_COMMAND).toString()).contains("\"userId\":602");
            created(tenant, ticket(53, "categoryId", 9));
            assertThat(command(tenant, 53, TICKET_COMMAND).toString()).contains("\"userId\":601");

            // Ann (601) now has two open tickets, Bob (602) none: least-loaded picks Bob.
            created(tenant, ticket(54, "categoryId", 9, "assignedToUserId", 601));
            created(tenant, ticket(55, "categoryId", 9, "assignedToUserId", 601));
            long leastLoaded = createRule(
                    tenant,
                    """
                    {"name": "Balance", "trigger": "ticket-reopened",
                     "actions": [{"type": "assign", "mode": "least-loaded"}]}
                    """);
            awaitTicketKnown(tenant, leastLoaded, 54, "\"assignedToUserId\":601");
            awaitTicketKnown(tenant, leastLoaded, 55, "\"assignedToUserId\":601");
            publishTicketEvent(tenant, 56, "ticket.reopened", Map.of("ticket", ticket(56, "categoryId", 9)));
            assertThat(command(tenant, 56, TICKET_COMMAND, "Balance").toString())
                    .contains("\"userId\":602");
        }
    }

    @Nested
    class Triggers {

        @Test
        void statusChangeTriggersStatusChangedRulesAndChangedToConditions() {
            createRule(
                    tenant,
                    """
                    {"name": "Waiting", "trigger": "status-changed",
                     "conditions": [{"field": "status", "operator": "changed-to", "value": "4"}],
                     "actions": [{"type": "add-comment", "body": "Ticket #ticketId# is waiting", "forTechsOnly": true}]}
                    """);
            created(tenant, ticket(61));
            updated(tenant, ticket(61, "statusId", 4), null, change("statusId", 1, 4));
            JsonNode command = command(tenant, 61, TICKET_COMMAND, "Waiting");
            assertThat(command.get("actions").toString())
                    .isEqualTo("[{\"type\":\"add-comment\",\"body\":\"Ticket 61 is waiting\",\"forTechsOnly\":true}]");
        }

        @Test
        void aFieldChangeFiresItsTriggerOnceThoughTheUpdatedAndTheSpecificEventBothShowIt() {
            createRule(
                    tenant,
                    """
                    {"name": "Tier changed", "trigger": "custom-field-changed",
                     "conditions": [{"field": "customField", "fieldId": 12, "operator": "changed-to", "value": "Gold"}],
                     "actions": [{"type": "set-priority", "priorityId": 1}]}
                    """);
            long any = createRule(
                    tenant,
                    """
                    {"name": "Any update", "trigger": "ticket-updated",
                     "conditions": [{"field": "body", "operator": "changed"}],
                     "actions": [{"type": "add-tags", "tags": ["edited"]}]}
                    """);
            created(tenant, ticket(65));
            Map<String, Object> gold = ticket(65, "customFields", Map.of("12", "Gold"));
            updated(tenant, gold, null, change("customField:12", null, "Gold"), change("body", "a", "b"));
            publishTicketEvent(
                    tenant, 65, "ticket.custom-field-set", Map.of("ticket", gold, "fieldId", 12, "value", "Gold"));
            command(tenant, 65, TICKET_COMMAND, "Tier changed");
            command(tenant, 65, TICKET_COMMAND, "Any update");
            awaitTicketKnown(tenant, any, 65, "\"customFields\":{\"12\":\"Gold\"}");
            // the custom-field-set event came after the updated one on the ticket's partition; let it be applied
            publishTicketEvent(tenant, 65, "ticket.tagged", Map.of("ticket", gold, "tags", List.of()));
            updated(
                    tenant,
                    ticket(65, "customFields", Map.of("12", "Gold"), "subject", "done"),
                    null,
                    change("subject", "Printer is broken", "done"));
            awaitTicketKnown(tenant, any, 65, "\"subject\":\"done\"");
            assertThat(executionsOfTicket(tenant, 65))
                    .extracting(e -> e.get("ruleName"))
                    .containsExactly("Tier changed", "Any update");
        }

        @Test
        void repliesFromTheSubmitterAndFromTheTechnicianAreToldApart() {
            createRule(
                    tenant,
                    """
                    {"name": "Customer replied", "trigger": "reply-from-submitter",
                     "actions": [{"type": "set-status", "statusId": 1}]}
                    """);
            createRule(
                    tenant,
                    """
                    {"name": "Tech replied", "trigger": "reply-from-technician",
                     "conditions": [{"field": "latestReply", "operator": "contains", "value": "fixed"}],
                     "actions": [{"type": "set-status", "statusId": 5}]}
                    """);
            created(tenant, ticket(71, "assignedToUserId", 701));
            publishTicketEvent(
                    tenant,
                    71,
                    "comment.added",
                    Map.of(
                            "commentId",
                            1,
                            "authorUserId",
                            701,
                            "body",
                            "I fixed the toner",
                            "forTechsOnly",
                            false,
                            "isSystem",
                            false,
                            "recipientIds",
                            List.of(),
                            "ticket",
                            ticket(71, "assignedToUserId", 701)));
            assertThat(command(tenant, 71, TICKET_COMMAND, "Tech replied").toString())
                    .contains("\"statusId\":5");
            publishTicketEvent(
                    tenant,
                    71,
                    "comment.added",
                    Map.of(
                            "commentId",
                            2,
                            "authorUserId",
                            100,
                            "body",
                            "Still broken",
                            "forTechsOnly",
                            false,
                            "isSystem",
                            false,
                            "recipientIds",
                            List.of(),
                            "ticket",
                            ticket(71, "assignedToUserId", 701)));
            assertThat(command(tenant, 71, TICKET_COMMAND, "Customer replied").toString())
                    .contains("\"statusId\":1");
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                            executionsOfTicket(tenant, 71))
                    .extracting(e -> e.get("ruleName"))
                    .containsExactly("Tech replied", "Customer replied"));
        }

        @Test
        void emailAndWebhookGoToNotificationServiceWithPlaceholdersSubstituted() {
            technicianOf(tenant, 801, 7, "Ted", "ted@test");
            publish(
                    "user.users",
                    tenant,
                    100,
                    "relaydesk.user.created.v1",
                    java.util.UUID.randomUUID().toString(),
                    Map.of(
                            "userId",
                            100,
                            "username",
                            "sue",
                            "email",
                            "sue@customer.test",
                            "firstName",
                            "Sue",
                            "lastName",
                            "Customer",
                            "isAdmin",
                            false,
                            "isTech",
                            false,
                            "isManager",
                            false));
            long rule = createRule(
                    tenant,
                    """
                    {"name": "Tell everyone", "trigger": "ticket-created",
                     "actions": [
                       {"type": "send-email", "to": ["#fromEmail#", "boss@test"],
                        "subject": "[##ticketId#] #subject#",
                        "body": "From #from# (#priority#, status #statusId#) for #technician#: #most_recent_message# #url#"},
                       {"type": "call-webhook", "url": "https://hooks.test/tickets/#ticketId#", "method": "PUT",
                        "headers": {"X-Ticket": "#ticketId#"},
                        "body": "{\\"subject\\": \\"#subject#\\", \\"cf\\": \\"#cf_9#\\", \\"body\\": \\"#body#\\"}"}]}
                    """);
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(body(call(
                            org.springframework.http.HttpMethod.POST,
                            "/automation/rules/" + rule + "/test",
                            admin(tenant),
                            "{\"ticket\": {\"ticketId\": 1, \"submitterUserId\": 100, \"assignedToUserId\": 801}}")))
                    .contains("sue@customer.test")
                    .contains("Ted Tech"));
            created(
                    tenant,
                    ticket(
                            81,
                            "subject",
                            "Say \"hi\"",
                            "priorityId",
                            1,
                            "assignedToUserId",
                            801,
                            "customFields",
                            Map.of("9", "gold")));

            JsonNode email =
                    command(tenant, 81, NOTIFICATION_COMMAND, "send-email").get("action");
            assertThat(email.get("to").toString()).isEqualTo("[\"sue@customer.test\",\"boss@test\"]");
            assertThat(email.get("subject").asString()).isEqualTo("[#81] Say \"hi\"");
            assertThat(email.get("body").asString())
                    .isEqualTo("From Sue Customer (High, status 1) for Ted Tech: Please help /Ticket/81");

            JsonNode webhook = command(tenant, 81, NOTIFICATION_COMMAND, "call-webhook");
            assertThat(webhook.get("ruleId").longValue()).isEqualTo(rule);
            assertThat(webhook.get("depth").intValue()).isEqualTo(1);
            JsonNode call = webhook.get("action");
            assertThat(call.get("url").asString()).isEqualTo("https://hooks.test/tickets/81");
            assertThat(call.get("method").asString()).isEqualTo("PUT");
            assertThat(call.get("contentType").asString()).isEqualTo("application/json");
            assertThat(call.get("headers").toString()).isEqualTo("{\"X-Ticket\":\"81\"}");
            assertThat(json(call.get("body").asString()).toString())
                    .isEqualTo("{\"subject\":\"Say \\\"hi\\\"\",\"cf\":\"gold\",\"body\":\"Please help\"}");
        }
    }

    @Nested
    class NoLoops {

        @Test
        void twoRulesThatTriggerEachOtherStopBecauseNeitherFiresTwiceForOneOrigin() {
            long raise = createRule(
                    tenant,
                    """
                    {"name": "Raise", "trigger": "status-changed",
                     "actions": [{"type": "set-priority", "priorityId": 1}]}
                    """);
            long reopen = createRule(
                    tenant,
                    """
                    {"name": "Reset", "trigger": "priority-changed",
                     "actions": [{"type": "set-status", "statusId": 1}]}
                    """);
            created(tenant, ticket(91));
            String human = updated(tenant, ticket(91, "statusId", 2), null, change("statusId", 1, 2));
            JsonNode first = command(tenant, 91, TICKET_COMMAND, "\"Raise\"");
            assertThat(first.get("depth").intValue()).isEqualTo(1);
            assertThat(first.get("originEventId").asString()).isEqualTo(human);

            // ticket-service applies it and publishes the change, caused by rule Raise.
            updated(
                    tenant,
                    ticket(91, "statusId", 2, "priorityId", 1),
                    causedBy(raise, 1, human),
                    change("priorityId", 0, 1));
            JsonNode second = command(tenant, 91, TICKET_COMMAND, "\"Reset\"");
            assertThat(second.get("depth").intValue()).isEqualTo(2);
            assertThat(second.get("originEventId").asString()).isEqualTo(human);

            // ... which changes the status again: Raise already fired for this origin, so the chain stops.
            updated(
                    tenant,
                    ticket(91, "statusId", 1, "priorityId", 1),
                    causedBy(reopen, 2, human),
                    change("statusId", 2, 1));
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                            executionsOfTicket(tenant, 91))
                    .extracting(e -> e.get("ruleName") + ":" + e.get("outcome") + ":" + e.get("depth"))
                    .containsExactly("Raise:fired:1", "Reset:fired:2", "Raise:already-fired:3"));
        }

        @Test
        void withinOneBatchARuleFiresOnceForAnOriginAndItsSecondMatchIsRecordedAsAlreadyFired() {
            long tagger = createRule(
                    tenant,
                    """
                    {"name": "Batch tagger", "trigger": "ticket-updated",
                     "actions": [{"type": "add-tags", "tags": ["batched"]}]}
                    """);
            TenantId id = TenantId.of(tenant);
            // row-level security sees the tenant's rows only inside a transaction (which sets the tenant)
            Rule rule = tx.transactional(rules.enabled()).contextWrite(Tenancy.of(id)).block().stream()
                    .filter(r -> r.id() == tagger)
                    .findFirst()
                    .orElseThrow();
            TicketSnapshot ticket = TicketEvents.fromJson(JSON.valueToTree(ticket(97)));
            String origin = "batch-origin-" + UUID.randomUUID();
            // two events of one polled batch that both match, for one origin (e.g. the updated event and a redelivery
            // of its companion under another id), plus one chain already too deep
            List<RuleFiring.Firing> firings = List.of(
                    new RuleFiring.Firing(rule, ticket, "ticket-updated", "event-1", origin, 1),
                    new RuleFiring.Firing(rule, ticket, "ticket-updated", "event-2", origin, 1),
                    new RuleFiring.Firing(rule, ticket, "ticket-updated", "event-3", "deep-origin", 99));

            tx.transactional(firing.fireAll(firings))
                    .contextWrite(Tenancy.of(id))
                    .block();

            assertThat(executionsOfTicket(tenant, 97))
                    .extracting(e -> e.get("triggerEventId") + ":" + e.get("outcome"))
                    .containsExactly("event-3:depth-limit", "event-1:fired", "event-2:already-fired");
            JsonNode command = command(tenant, 97, TICKET_COMMAND, origin);
            assertThat(command.get("triggerEventId").asString()).isEqualTo("event-1");
        }

        @Test
        void aChainDeeperThanTheLimitStopsAndIsRecorded() {
            createRule(
                    tenant,
                    """
                    {"name": "Tagger", "trigger": "ticket-updated",
                     "actions": [{"type": "add-tags", "tags": ["seen"]}]}
                    """);
            created(tenant, ticket(95));
            updated(tenant, ticket(95, "subject", "a"), causedBy(9001, 2, "origin-a"), change("subject", "x", "a"));
            JsonNode deepest = command(tenant, 95, TICKET_COMMAND, "origin-a");
            assertThat(deepest.get("depth").intValue()).isEqualTo(3);

            updated(tenant, ticket(95, "subject", "b"), causedBy(9001, 3, "origin-b"), change("subject", "a", "b"));
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                            executionsOfTicket(tenant, 95))
                    .extracting(e -> e.get("originEventId") + ":" + e.get("outcome") + ":" + e.get("depth"))
                    .containsExactly("origin-a:fired:3", "origin-b:depth-limit:4"));
        }
    }
}

package dev.relaydesk.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The administrators' JSON API under {@code /automation}: every endpoint's happy path, 400, 404, 403 and isolation. */
class RuleAdminApiTest extends AutomationTestSupport {

    static final String RULE =
            """
            {"name": "Urgent", "trigger": "ticket-created", "match": "any",
             "conditions": [{"field": "subject", "operator": "contains", "value": "urgent"},
                            {"field": "customField", "fieldId": 12, "operator": "is", "value": "VIP"}],
             "actions": [{"type": "set-priority", "priorityId": 2},
                         {"type": "assign", "userId": 44},
                         {"type": "add-comment", "body": "Hi #from#"}]}
            """;

    final String tenant = newTenant();
    final String other = newTenant();

    String rule(String name) {
        return RULE.replace("\"Urgent\"", "\"" + name + "\"");
    }

    @Nested
    class OpenApi {

        @Test
        void theAdminApiIsDescribedInOpenApiBesideIt() {
            String body = body(call(GET, "/automation/api-docs", admin(tenant), null)
                    .expectStatus()
                    .isOk());
            JsonNode doc = json(body);
            assertThat(doc.get("openapi").asString()).startsWith("3.");
            assertThat(doc.get("paths").propertyNames())
                    .contains(
                            "/automation/rules",
                            "/automation/rules/{id}",
                            "/automation/rules/order",
                            "/automation/rules/{id}/test",
                            "/automation/working-hours");
            assertThat(body).doesNotContain("\"caller\"");
        }
    }

    @Nested
    class Create {

        @Test
        void createsARuleAndAnswersItInTheRuleFormat() {
            String body = body(call(POST, "/automation/rules", admin(tenant), RULE)
                    .expectStatus()
                    .isCreated());
            JsonNode rule = json(body);
            assertThat(fieldNames(body))
                    .startsWith("id", "name", "position", "enabled", "trigger", "type", "match", "conditions");
            assertThat(rule.get("name").asString()).isEqualTo("Urgent");
            assertThat(rule.get("position").intValue()).isEqualTo(1);
            assertThat(rule.get("enabled").booleanValue()).isTrue();
            assertThat(rule.get("trigger").toString()).isEqualTo("{\"type\":\"ticket-created\"}");
            assertThat(rule.get("match").asString()).isEqualTo("any");
            assertThat(rule.get("conditions").toString())
                    .isEqualTo("[{\"field\":\"subject\",\"operator\":\"contains\",\"value\":\"urgent\"},"
                            + "{\"field\":\"customField\",\"fieldId\":\"12\",\"operator\":\"is\",\"value\":\"VIP\"}]");
            assertThat(rule.get("actions").toString())
                    .isEqualTo("[{\"type\":\"set-priority\",\"priorityId\":2},"
                            + "{\"type\":\"assign\",\"mode\":\"user\",\"userId\":44},"
                            + "{\"type\":\"add-comment\",\"body\":\"Hi #from#\",\"forTechsOnly\":false}]");
            assertThat(Instant.parse(rule.get("createdAt").asString())).isBefore(Instant.now());
        }

        @Test
        void timeTriggersTakeMinutesOrHoursAndWorkingHours() {
            JsonNode rule = json(body(call(
                            POST,
                            "/automation/rules",
                            admin(tenant),
                            "{\"name\": \"Stale\", \"trigger\": {\"type\": \"not-updated-for\", \"hours\": 4,"
                                    + " \"workingHours\": true}, \"actions\": [{\"type\": \"close\"}]}")
                    .expectStatus()
                    .isCreated()));
            assertThat(rule.get("trigger").toString())
                    .isEqualTo("{\"type\":\"not-updated-for\",\"minutes\":240,\"workingHours\":true}");
            assertThat(rule.get("conditions").toString()).isEqualTo("[]");
        }

        @Test
        void unknownTriggerOperatorOrActionTypeIsA400NamingTheField() {
            assertProblem(
                    call(POST, "/automation/rules", admin(tenant), RULE.replace("ticket-created", "ticket-exploded")),
                    400,
                    "Parameter 'trigger' must be one of [ticket-created, ticket-updated, ticket-closed,"
                            + " ticket-reopened, reply-added, reply-from-submitter, reply-from-technician,"
                            + " status-changed, priority-changed, category-changed, assignee-changed,"
                            + " due-date-changed, custom-field-changed, overdue, will-be-overdue, not-updated-for,"
                            + " created-more-than]");
            assertProblem(
                    call(POST, "/automation/rules", admin(tenant), RULE.replace("\"contains\"", "\"resembles\"")),
                    400,
                    "Parameter 'conditions[0].operator' must be one of [is, is-not, changed, changed-to, contains,"
                            + " does-not-contain, greater, less, before, after, within]");
            assertProblem(
                    call(POST, "/automation/rules", admin(tenant), RULE.replace("\"set-priority\"", "\"set-mood\"")),
                    400,
                    "Parameter 'actions[0].type' must be one of [set-status, set-priority, set-category, assign,"
                            + " set-due-date, set-custom-field, add-tags, remove-tags, add-comment, close, send-email,"
                            + " call-webhook]");
            assertProblem(
                    call(POST, "/automation/rules", admin(tenant), RULE.replace("\"subject\"", "\"mood\"")),
                    400,
                    "Parameter 'conditions[0].field' must be one of [status, priority, category, assignee, submitter,"
                            + " company, tags, customField, subject, body, latestReply, origin, dueDate, createdAt,"
                            + " updatedAt]");
        }

        @Test
        void missingOrMalformedFieldsAreA400NamingTheField() {
            assertProblem(
                    call(POST, "/automation/rules", admin(tenant), RULE.replace("\"name\": \"Urgent\",", "")),
                    400,
                    "Parameter 'name' is required");
            assertProblem(
                    call(
                            POST,
                            "/automation/rules",
                            admin(tenant),
                            "{\"name\": \"x\", \"trigger\": \"ticket-created\"}"),
                    400,
                    "Parameter 'actions' must be a non-empty array");
            assertProblem(
                    call(
                            POST,
                            "/automation/rules",
                            admin(tenant),
                            RULE.replace("\"priorityId\": 2", "\"priorityId\": \"high\"")),
                    400,
                    "Parameter 'actions[0].priorityId' must be an integer");
            assertProblem(
                    call(
                            POST,
                            "/automation/rules",
                            admin(tenant),
                            "{\"name\": \"x\", \"trigger\": {\"type\": \"overdue\"}, \"conditions\": [{\"field\":"
                                    + " \"dueDate\", \"operator\": \"contains\", \"value\": \"1\"}], \"actions\":"
                                    + " [{\"type\": \"close\"}]}"),
                    400,
                    "Parameter 'conditions[0].operator' 'contains' does not apply to field dueDate");
            assertProblem(
                    call(
                            POST,
                            "/automation/rules",
                            admin(tenant),
                            "{\"name\": \"x\", \"trigger\": {\"type\": \"not-updated-for\"}, \"actions\":"
                                    + " [{\"type\": \"close\"}]}"),
                    400,
                    "Parameter 'trigger.minutes' is required for trigger not-updated-for");
            assertProblem(
                    call(
                            POST,
                            "/automation/rules",
                            admin(tenant),
                            "{\"name\": \"x\", \"trigger\": \"ticket-created\", \"actions\": [{\"type\":"
                                    + " \"call-webhook\", \"url\": \"ftp://x\"}]}"),
                    400,
                    "Parameter 'actions[0].url' must be an http or https URL");
            assertProblem(
                    call(POST, "/automation/rules", admin(tenant), "[1]"),
                    400,
                    "The request body must be a JSON object");
            assertProblem(call(POST, "/automation/rules", admin(tenant), "{"), 400, "The request body is malformed");
        }

        @Test
        void onlyAdministratorsCreateRules() {
            assertProblem(
                    call(POST, "/automation/rules", technician(tenant), RULE),
                    403,
                    "Requires helpdesk-administrator permissions");
            assertProblem(
                    call(POST, "/automation/rules", regular(tenant), RULE),
                    403,
                    "Requires helpdesk-administrator permissions");
        }
    }

    @Nested
    class ListAndRead {

        @Test
        void listsTheTenantsRulesInOrderAndNothingOfOtherTenants() {
            long a = createRule(tenant, rule("A"));
            long b = createRule(tenant, rule("B"));
            createRule(other, rule("Other"));
            JsonNode list = getJson("/automation/rules", admin(tenant));
            assertThat(list.findValuesAsString("name")).containsExactly("A", "B");
            assertThat(list.get(0).get("id").longValue()).isEqualTo(a);
            assertThat(list.get(1).get("position").intValue()).isEqualTo(2);
            assertThat(getJson("/automation/rules", admin(newTenant())).isEmpty())
                    .isTrue();
            assertThat(b).isGreaterThan(a);
        }

        @Test
        void readsOneRule() {
            long id = createRule(tenant, RULE);
            JsonNode rule = getJson("/automation/rules/" + id, admin(tenant));
            assertThat(rule.get("id").longValue()).isEqualTo(id);
            assertThat(rule.get("name").asString()).isEqualTo("Urgent");
        }

        @Test
        void unknownOrOtherTenantsRuleIsA404AndAMalformedIdA400() {
            long id = createRule(other, RULE);
            assertProblem(
                    call(GET, "/automation/rules/" + id, admin(tenant), null), 404, "Rule " + id + " was not found");
            assertProblem(call(GET, "/automation/rules/99999", admin(tenant), null), 404, "Rule 99999 was not found");
            assertProblem(
                    call(GET, "/automation/rules/abc", admin(tenant), null), 400, "Parameter 'id' must be an integer");
        }

        @Test
        void onlyAdministratorsReadRules() {
            long id = createRule(tenant, RULE);
            assertProblem(
                    call(GET, "/automation/rules", technician(tenant), null),
                    403,
                    "Requires helpdesk-administrator permissions");
            assertProblem(
                    call(GET, "/automation/rules/" + id, regular(tenant), null),
                    403,
                    "Requires helpdesk-administrator permissions");
        }
    }

    @Nested
    class Update {

        @Test
        void replacesTheRuleAndCanMoveIt() {
            long a = createRule(tenant, rule("A"));
            long b = createRule(tenant, rule("B"));
            JsonNode updated = json(body(call(
                            PUT,
                            "/automation/rules/" + b,
                            admin(tenant),
                            "{\"name\": \"B2\", \"enabled\": false, \"position\": 1, \"trigger\": \"ticket-closed\","
                                    + " \"actions\": [{\"type\": \"add-tags\", \"tags\": [\"done\"]}]}")
                    .expectStatus()
                    .isOk()));
            assertThat(updated.get("name").asString()).isEqualTo("B2");
            assertThat(updated.get("enabled").booleanValue()).isFalse();
            assertThat(updated.get("position").intValue()).isEqualTo(1);
            assertThat(updated.get("trigger").get("type").asString()).isEqualTo("ticket-closed");
            assertThat(getJson("/automation/rules", admin(tenant)).findValuesAsString("name"))
                    .containsExactly("B2", "A");
            assertThat(getJson("/automation/rules/" + a, admin(tenant))
                            .get("position")
                            .intValue())
                    .isEqualTo(2);
        }

        @Test
        void badBodyIsA400UnknownRuleA404OthersA403() {
            long id = createRule(tenant, RULE);
            long foreign = createRule(other, RULE);
            assertProblem(
                    call(PUT, "/automation/rules/" + id, admin(tenant), RULE.replace("\"any\"", "\"some\"")),
                    400,
                    "Parameter 'match' must be all or any");
            assertProblem(
                    call(PUT, "/automation/rules/" + foreign, admin(tenant), RULE),
                    404,
                    "Rule " + foreign + " was not found");
            assertProblem(
                    call(PUT, "/automation/rules/" + id, technician(tenant), RULE),
                    403,
                    "Requires helpdesk-administrator permissions");
        }
    }

    @Nested
    class Delete {

        @Test
        void deletesTheRuleAndClosesTheGapInTheOrder() {
            long a = createRule(tenant, rule("A"));
            long b = createRule(tenant, rule("B"));
            call(DELETE, "/automation/rules/" + a, admin(tenant), null)
                    .expectStatus()
                    .isNoContent();
            assertProblem(
                    call(GET, "/automation/rules/" + a, admin(tenant), null), 404, "Rule " + a + " was not found");
            assertThat(getJson("/automation/rules/" + b, admin(tenant))
                            .get("position")
                            .intValue())
                    .isEqualTo(1);
        }

        @Test
        void unknownOrOtherTenantsRuleIsA404OthersA403() {
            long foreign = createRule(other, RULE);
            assertProblem(
                    call(DELETE, "/automation/rules/" + foreign, admin(tenant), null),
                    404,
                    "Rule " + foreign + " was not found");
            getJson("/automation/rules/" + foreign, admin(other));
            assertProblem(
                    call(DELETE, "/automation/rules/" + foreign, regular(other), null),
                    403,
                    "Requires helpdesk-administrator permissions");
            assertProblem(
                    call(DELETE, "/automation/rules/x", admin(tenant), null), 400, "Parameter 'id' must be an integer");
        }
    }

    @Nested
    class Reorder {

        @Test
        void putsTheListedRulesFirstInTheGivenOrder() {
            long a = createRule(tenant, rule("A"));
            long b = createRule(tenant, rule("B"));
            long c = createRule(tenant, rule("C"));
            JsonNode list =
                    json(body(call(PUT, "/automation/rules/order", admin(tenant), "{\"ids\": [" + c + ", " + a + "]}")
                            .expectStatus()
                            .isOk()));
            assertThat(list.findValuesAsString("name")).containsExactly("C", "A", "B");
            assertThat(getJson("/automation/rules", admin(tenant)).findValues("position").stream()
                            .map(JsonNode::intValue)
                            .toList())
                    .isEqualTo(List.of(1, 2, 3));
            assertThat(b).isPositive();
        }

        @Test
        void unknownOrOtherTenantsIdsAreA400OthersA403() {
            long a = createRule(tenant, rule("A"));
            long foreign = createRule(other, rule("F"));
            assertProblem(
                    call(PUT, "/automation/rules/order", admin(tenant), "{\"ids\": [" + foreign + "]}"),
                    400,
                    "Parameter 'ids' names unknown rule " + foreign);
            assertProblem(
                    call(PUT, "/automation/rules/order", admin(tenant), "{\"ids\": [" + a + ", " + a + "]}"),
                    400,
                    "Parameter 'ids' must not repeat a rule");
            assertProblem(
                    call(PUT, "/automation/rules/order", admin(tenant), "{}"),
                    400,
                    "Parameter 'ids' must be a non-empty array of rule ids");
            assertProblem(
                    call(PUT, "/automation/rules/order", technician(tenant), "{\"ids\": [" + a + "]}"),
                    403,
                    "Requires helpdesk-administrator permissions");
        }
    }

    @Nested
    class DryRun {

        @Test
        void showsWhichConditionsMatchedAndWhichActionsWouldRun() {
            long id = createRule(tenant, RULE);
            JsonNode result = json(body(call(
                            POST,
                            "/automation/rules/" + id + "/test",
                            admin(tenant),
                            "{\"ticket\": {\"ticketId\": 5, \"subject\": \"Printer\", \"customFields\": {\"12\":"
                                    + " \"vip\"}}}")
                    .expectStatus()
                    .isOk()));
            assertThat(result.get("matched").booleanValue()).isTrue();
            assertThat(result.get("conditions").findValues("matched").stream()
                            .map(JsonNode::booleanValue)
                            .toList())
                    .containsExactly(false, true);
            assertThat(result.get("actions").toString())
                    .isEqualTo("[{\"type\":\"set-priority\",\"priorityId\":2},{\"type\":\"assign\",\"userId\":44},"
                            + "{\"type\":\"add-comment\",\"body\":\"Hi \",\"forTechsOnly\":false}]");
            assertThat(result.get("trigger").get("type").asString()).isEqualTo("ticket-created");
        }

        @Test
        void aTicketThatDoesNotMatchRunsNothing() {
            long id = createRule(tenant, RULE.replace("\"any\"", "\"all\""));
            JsonNode result = json(body(call(
                            POST,
                            "/automation/rules/" + id + "/test",
                            admin(tenant),
                            "{\"ticket\": {\"ticketId\": 5, \"subject\": \"URGENT\"}}")
                    .expectStatus()
                    .isOk()));
            assertThat(result.get("matched").booleanValue()).isFalse();
            assertThat(result.get("actions").isEmpty()).isTrue();
        }

        @Test
        void testsAgainstATicketOfTheReadModelByIdAndItsChanges() {
            long id = createRule(
                    tenant,
                    "{\"name\": \"x\", \"trigger\": \"status-changed\", \"conditions\": [{\"field\": \"status\","
                            + " \"operator\": \"changed-to\", \"value\": \"3\"}], \"actions\": [{\"type\": \"close\"}]}");
            created(tenant, ticket(77, "statusId", 3));
            awaitTicketKnown(tenant, id, 77, "\"matched\":false");
            JsonNode result = json(body(call(
                            POST,
                            "/automation/rules/" + id + "/test",
                            admin(tenant),
                            "{\"ticketId\": 77, \"changes\": [{\"field\": \"statusId\", \"oldValue\": \"1\","
                                    + " \"newValue\": \"3\"}]}")
                    .expectStatus()
                    .isOk()));
            assertThat(result.get("matched").booleanValue()).isTrue();
            assertThat(result.get("actions").toString()).isEqualTo("[{\"type\":\"close\"}]");
        }

        @Test
        void missingTicketIsA400UnknownTicketOrRuleA404OthersA403() {
            long id = createRule(tenant, RULE);
            long foreign = createRule(other, RULE);
            assertProblem(
                    call(POST, "/automation/rules/" + id + "/test", admin(tenant), "{}"),
                    400,
                    "Parameter 'ticket' or ticketId is required");
            assertProblem(
                    call(POST, "/automation/rules/" + id + "/test", admin(tenant), "{\"ticketId\": 4242}"),
                    404,
                    "Ticket 4242 was not found");
            assertProblem(
                    call(POST, "/automation/rules/" + foreign + "/test", admin(tenant), "{\"ticket\": {}}"),
                    404,
                    "Rule " + foreign + " was not found");
            assertProblem(
                    call(POST, "/automation/rules/" + id + "/test", technician(tenant), "{\"ticket\": {}}"),
                    403,
                    "Requires helpdesk-administrator permissions");
        }
    }

    @Nested
    class Executions {

        @Test
        void executionsOfARuleAndOfATicketAreListed() {
            long id = createRule(
                    tenant,
                    "{\"name\": \"Tag\", \"trigger\": \"ticket-created\", \"actions\": [{\"type\": \"close\"}]}");
            created(tenant, ticket(88));
            command(tenant, 88, TICKET_COMMAND);
            JsonNode ofRule = getJson("/automation/rules/" + id + "/executions", admin(tenant));
            assertThat(ofRule).hasSize(1);
            assertThat(fieldNames(ofRule.get(0).toString()))
                    .containsExactly(
                            "id",
                            "ruleId",
                            "ruleName",
                            "ticketId",
                            "trigger",
                            "triggerEventId",
                            "originEventId",
                            "depth",
                            "outcome",
                            "actions",
                            "type",
                            "commandId",
                            "executedAt");
            assertThat(ofRule.get(0).get("actions").toString()).isEqualTo("[{\"type\":\"close\"}]");
            assertThat(getJson("/automation/tickets/88/executions", admin(tenant))
                            .get(0)
                            .get("id"))
                    .isEqualTo(ofRule.get(0).get("id"));
        }

        @Test
        void unknownOrOtherTenantsRuleOrTicketIsA404OthersA403() {
            long foreign = createRule(other, RULE);
            created(other, ticket(89));
            awaitTicketKnown(other, foreign, 89, "\"ticketId\":89");
            assertProblem(
                    call(GET, "/automation/rules/" + foreign + "/executions", admin(tenant), null),
                    404,
                    "Rule " + foreign + " was not found");
            assertProblem(
                    call(GET, "/automation/tickets/89/executions", admin(tenant), null),
                    404,
                    "Ticket 89 was not found");
            assertProblem(
                    call(GET, "/automation/tickets/abc/executions", admin(tenant), null),
                    400,
                    "Parameter 'ticketId' must be an integer");
            assertProblem(
                    call(GET, "/automation/rules/" + foreign + "/executions", technician(other), null),
                    403,
                    "Requires helpdesk-administrator permissions");
            assertProblem(
                    call(GET, "/automation/tickets/89/executions", regular(other), null),
                    403,
                    "Requires helpdesk-administrator permissions");
        }
    }

    @Nested
    class Settings {

        @Test
        void workingHoursAreSetPerTenant() {
            JsonNode saved = json(body(call(
                            PUT,
                            "/automation/working-hours",
                            admin(tenant),
                            "{\"timeZone\": \"Europe/Berlin\", \"days\": [\"mon\", \"Tuesday\"], \"start\": \"08:30\","
                                    + " \"end\": \"16:00\"}")
                    .expectStatus()
                    .isOk()));
            assertThat(saved.toString())
                    .isEqualTo("{\"timeZone\":\"Europe/Berlin\",\"days\":[\"MONDAY\",\"TUESDAY\"],\"start\":\"08:30\","
                            + "\"end\":\"16:00\"}");
            assertThat(getJson("/automation/working-hours", admin(tenant))).isEqualTo(saved);
            assertThat(getJson("/automation/working-hours", admin(other)).toString())
                    .isEqualTo("{\"timeZone\":\"UTC\",\"days\":[\"MONDAY\",\"TUESDAY\",\"WEDNESDAY\",\"THURSDAY\","
                            + "\"FRIDAY\"],\"start\":\"09:00\",\"end\":\"17:00\"}");
        }

        @Test
        void badWorkingHoursAreA400NamingTheFieldAndOnlyAdministratorsSetThem() {
            String good = "{\"timeZone\": \"UTC\", \"days\": [\"MONDAY\"], \"start\": \"09:00\", \"end\": \"17:00\"}";
            assertProblem(
                    call(PUT, "/automation/working-hours", admin(tenant), good.replace("\"UTC\"", "\"Mars/Base\"")),
                    400,
                    "Parameter 'timeZone' must be a time zone id such as Europe/Berlin");
            assertProblem(
                    call(PUT, "/automation/working-hours", admin(tenant), good.replace("MONDAY", "FUNDAY")),
                    400,
                    "Parameter 'days' contains an unknown day 'FUNDAY'");
            assertProblem(
                    call(PUT, "/automation/working-hours", admin(tenant), good.replace("17:00", "08:00")),
                    400,
                    "Parameter 'end' must be after start");
            assertProblem(
                    call(PUT, "/automation/working-hours", technician(tenant), good),
                    403,
                    "Requires helpdesk-administrator permissions");
            assertProblem(
                    call(GET, "/automation/working-hours", regular(tenant), null),
                    403,
                    "Requires helpdesk-administrator permissions");
        }

        @Test
        void pausedStatusesAreSetPerTenant() {
            JsonNode saved =
                    json(body(call(PUT, "/automation/settings", admin(tenant), "{\"pausedStatusIds\": [6, 4, 6]}")
                            .expectStatus()
                            .isOk()));
            assertThat(saved.get("pausedStatusIds").toString()).isEqualTo("[4,6]");
            assertThat(getJson("/automation/settings", admin(tenant))
                            .get("pausedStatusIds")
                            .toString())
                    .isEqualTo("[4,6]");
            assertThat(getJson("/automation/settings", admin(other))
                            .get("pausedStatusIds")
                            .toString())
                    .isEqualTo("[]");
            assertProblem(
                    call(PUT, "/automation/settings", admin(tenant), "{\"pausedStatusIds\": \"6\"}"),
                    400,
                    "Parameter 'pausedStatusIds' must be an array of status ids");
            assertProblem(
                    call(PUT, "/automation/settings", technician(tenant), "{\"pausedStatusIds\": [1]}"),
                    403,
                    "Requires helpdesk-administrator permissions");
        }
    }
}

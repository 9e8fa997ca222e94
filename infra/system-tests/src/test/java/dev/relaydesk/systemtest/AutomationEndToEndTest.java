package dev.relaydesk.systemtest;

import static dev.relaydesk.systemtest.GatewayClient.expect;
import static dev.relaydesk.systemtest.GatewayClient.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relaydesk.localstack.App;
import dev.relaydesk.localstack.LocalPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Automation as an administrator sees it, through the gateway with real Kafka between the services: a rule written
 * with the admin API changes the tickets it matches (ticket-service applies automation-service's commands), and a time
 * rule escalates an overdue ticket while it leaves a ticket on hold alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AutomationEndToEndTest {

    final JsonMapper json = JsonMapper.builder().build();

    Path home;
    LocalPlatform platform;
    GatewayClient api;

    @BeforeAll
    void startPlatform() throws IOException {
        home = Files.createTempDirectory("relaydesk-automation-test");
        platform = TestStacks.builder(home)
                .apps(App.GATEWAY, App.USER_SERVICE, App.TICKET_SERVICE, App.AUTOMATION_SERVICE)
                .appArgs(App.AUTOMATION_SERVICE, "--relaydesk.automation.scheduler.interval=1s")
                .healthTimeout(Duration.ofMinutes(3))
                .start();
        api = new GatewayClient(platform.gatewayUrl(), GatewayClient.ADMIN);
    }

    @AfterAll
    void stopPlatform() throws IOException {
        TestStacks.stop(platform, home);
    }

    @Test
    void anUrgentTicketInTheCategoryGetsCriticalPriorityATechnicianAndATag() throws Exception {
        long category = id(api.post("/api/CreateCategory", "name", "Printers"));
        long technician = id(
                api.post("/api/CreateUser", "email", "tess@example.com", "username", "tess", "password", "Pa55word!x"));
        expect(
                200,
                api.post(
                        "/api/AddCategoryTechPermission",
                        "userId",
                        Long.toString(technician),
                        "categoryId",
                        Long.toString(category)));
        long rule = json.readTree(expect(
                        201,
                        api.postJson(
                                "/automation/rules",
                                """
                        {"name": "Urgent printer tickets", "trigger": "ticket-created", "match": "all",
                         "conditions": [{"field": "category", "operator": "is", "value": "%d"},
                                        {"field": "subject", "operator": "contains", "value": "urgent"}],
                         "actions": [{"type": "set-priority", "priorityId": 2},
                                     {"type": "assign", "mode": "round-robin"},
                                     {"type": "add-tags", "tags": ["urgent"]}]}
                        """
                                        .formatted(category))))
                .get("id")
                .asLong();
        // the services learn about the new technician from user-service's events: wait until both have
        await().atMost(Duration.ofSeconds(30)).until(() -> expect(200, api.get("/api/TechsForCategory?id=" + category))
                .contains("\"UserID\":" + technician));
        String probe = "{\"ticket\": {\"ticketId\": 1, \"categoryId\": " + category + ", \"subject\": \"urgent\"}}";
        await().atMost(Duration.ofSeconds(30))
                .until(() -> expect(200, api.postJson("/automation/rules/" + rule + "/test", probe))
                        .contains("\"userId\":" + technician));

        long urgent = createTicket(category, "URGENT: printer on fire");
        long calm = createTicket(category, "Toner is low");

        JsonNode ticket = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> ticket(urgent), t -> t.get("Priority").asInt() == 2);
        assertThat(ticket.get("AssignedToUserID").asLong()).isEqualTo(technician);
        assertThat(ticket.get("Tags").toString()).contains("\"Name\":\"urgent\"");

        JsonNode untouched = ticket(calm);
        assertThat(untouched.get("Priority").asInt()).isZero();
        assertThat(untouched.get("Tags").size()).isZero();
    }

    @Test
    void aTimeRuleEscalatesAnOverdueTicketAndLeavesATicketOnHoldAlone() throws Exception {
        long category = id(api.post("/api/CreateCategory", "name", "Escalations"));
        long onHold = id(api.post("/api/CreateStatus", "name", "On hold"));
        expect(200, api.putJson("/automation/settings", "{\"pausedStatusIds\": [" + onHold + "]}"));
        expect(
                201,
                api.postJson(
                        "/automation/rules",
                        """
                        {"name": "Escalate overdue", "trigger": {"type": "overdue"}, "match": "all",
                         "conditions": [{"field": "category", "operator": "is", "value": "%d"}],
                         "actions": [{"type": "set-priority", "priorityId": 1},
                                     {"type": "add-tags", "tags": ["escalated"]}]}
                        """
                                .formatted(category)));

        String yesterday = Instant.now().minus(Duration.ofDays(1)).toString();
        long overdue = createTicket(category, "Waiting for a reply");
        long held = createTicket(category, "Waiting for the customer");
        expect(200, api.post("/api/UpdateTicket", "id", Long.toString(overdue), "dueDate", yesterday));
        expect(
                200,
                api.post(
                        "/api/UpdateTicket",
                        "id",
                        Long.toString(held),
                        "dueDate",
                        yesterday,
                        "statusId",
                        Long.toString(onHold)));

        JsonNode escalated = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> ticket(overdue), t -> t.get("Priority").asInt() == 1);
        assertThat(escalated.get("Tags").toString()).contains("\"Name\":\"escalated\"");

        // several scheduler ticks later the held ticket is still as it was
        Thread.sleep(4000);
        JsonNode stillHeld = ticket(held);
        assertThat(stillHeld.get("Priority").asInt()).isZero();
        assertThat(stillHeld.get("Tags").size()).isZero();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    long createTicket(long category, String subject) throws Exception {
        return id(api.post("/api/ticket", "categoryId", Long.toString(category), "subject", subject, "body", "Help"));
    }

    JsonNode ticket(long id) throws Exception {
        return json.readTree(expect(200, api.get("/api/ticket?id=" + id)));
    }
}

package dev.relaydesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Creating, reading and changing one ticket: Ticket, UpdateTicket, Close, custom field values, TagTicket. */
class TicketMethodsTest extends TicketApiTestSupport {

    String tenant = newTenant();
    long cat;

    @BeforeEach
    void setUp() {
        people(tenant);
        cat = category(tenant, "name", "General issues");
    }

    @Nested
    class CreateTicket {

        @Test
        void createsATicketWithEveryParameterAndPublishesCreated() {
            long field = Long.parseLong(
                    body(post("CreateCustomField", admin(tenant), "type", "1", "name", "Serial", "fieldType", "1")
                            .expectStatus()
                            .isOk()));
            long id = ticket(
                    tenant,
                    technician(tenant),
                    cat,
                    "Printer on fire",
                    "priorityId",
                    "2",
                    "userId",
                    Long.toString(USER),
                    "tags",
                    "urgent, hardware,urgent",
                    "origin",
                    "6",
                    "assignedToUserId",
                    Long.toString(TECH),
                    "customFields",
                    "{\"" + field + "\": \"SN-1\"}",
                    "suppressConfirmation",
                    "true");
            String created = event(
                    "ticket.tickets",
                    tenant,
                    id,
                    "relaydesk.ticket.created.v1",
                    "\"suppressConfirmation\":true",
                    "\"body\":\"Body of Printer on fire\"");
            assertThat(created)
                    .contains(
                            "\"ticketId\":" + id,
                            "\"actorUserId\":" + TECH,
                            "\"causedBy\":null",
                            "\"subject\":\"Printer on fire\"",
                            "\"categoryId\":" + cat,
                            "\"statusId\":1",
                            "\"priorityId\":2",
                            "\"origin\":6",
                            "\"submitterUserId\":" + USER,
                            "\"assignedToUserId\":" + TECH,
                            "\"companyId\":77",
                            "\"tags\":[\"hardware\",\"urgent\"]",
                            "\"customFields\":{\"" + field + "\":\"SN-1\"}",
                            "\"dueDate\":null",
                            "\"resolvedAt\":null",
                            "\"occurredAt\":");
            String ticket =
                    body(get("Ticket?id=" + id, regular(tenant)).expectStatus().isOk());
            assertThat(ticket)
                    .contains(
                            "\"OnBehalfUserName\":\"tech\"",
                            "\"SubmittedByCurrentUser\":true",
                            "\"AssignedToUserID\":" + TECH,
                            "\"Priority\":2");
        }

        @Test
        void answers400ForMissingOrMalformedParameters() {
            assertError(
                    post("Ticket", regular(tenant), "body", "b", "subject", "s"),
                    400,
                    "Parameter 'categoryId' is required");
            assertError(
                    post("Ticket", regular(tenant), "categoryId", "x", "body", "b", "subject", "s"),
                    400,
                    "Parameter 'categoryId' must be an integer");
            String c = Long.toString(cat);
            assertError(
                    post("Ticket", regular(tenant), "categoryId", c, "subject", "s"),
                    400,
                    "Parameter 'body' is required");
            assertError(
                    post("Ticket", regular(tenant), "categoryId", c, "body", "b"),
                    400,
                    "Parameter 'subject' is required");
            assertError(
                    post("Ticket", regular(tenant), "categoryId", c, "body", "b", "subject", "s", "priorityId", "5"),
                    400,
                    "Parameter 'priorityId' must be -1 (Low), 0 (Normal), 1 (High) or 2 (Critical)");
            assertError(
                    post("Ticket", regular(tenant), "categoryId", c, "body", "b", "subject", "s", "origin", "9"),
                    400,
                    "Parameter 'origin' must be one of 0 to 8");
            assertError(
                    post(
                            "Ticket",
                            regular(tenant),
                            "categoryId",
                            c,
                            "body",
                            "b",
                            "subject",
                            "s",
                            "customFields",
                            "{oops"),
                    400,
                    "Parameter 'customFields' must be a JSON object like {\"ID1\": \"value\"}");
            assertError(
                    post(
                            "Ticket",
                            regular(tenant),
                            "categoryId",
                            c,
                            "body",
                            "b",
                            "subject",
                            "s",
                            "customFields",
                            "{\"999999\":\"x\"}"),
                    400,
                    "Parameter 'customFields' names field 999999, which this category does not have");
        }

        @Test
        void mandatoryFieldsMustBeSetAndValuesMustFitTheirType() {
            long box = Long.parseLong(body(post(
                            "CreateCustomField",
                            admin(tenant),
                            "type",
                            "1",
                            "name",
                            "Agreed",
                            "fieldType",
                            "4",
                            "mandatory",
                            "true")
                    .expectStatus()
                    .isOk()));
            String c = Long.toString(cat);
            assertError(
                    post("Ticket", regular(tenant), "categoryId", c, "body", "b", "subject", "s"),
                    400,
                    "Parameter 'customFields' must set the mandatory field " + box + " (Agreed)");
            assertError(
                    post(
                            "Ticket",
                            regular(tenant),
                            "categoryId",
                            c,
                            "body",
                            "b",
                            "subject",
                            "s",
                            "customFields",
                            "{\"" + box + "\":\"maybe\"}"),
                    400,
                    "Parameter 'customFields' must be true or false for a checkbox");
            ticket(tenant, regular(tenant), cat, "ok", "customFields", "{\"" + box + "\":true}");
        }

        @Test
        void onBehalfAndAssigningNeedATechnicianAndKnownUsers() {
            String c = Long.toString(cat);
            assertError(
                    post(
                            "Ticket",
                            regular(tenant),
                            "categoryId",
                            c,
                            "body",
                            "b",
                            "subject",
                            "s",
                            "userId",
                            Long.toString(TECH)),
                    403,
                    "Creating a ticket on behalf of another user requires technician permissions");
            assertError(
                    post(
                            "Ticket",
                            regular(tenant),
                            "categoryId",
                            c,
                            "body",
                            "b",
                            "subject",
                            "s",
                            "assignedToUserId",
                            Long.toString(TECH)),
                    403,
                    "Assigning a ticket requires technician permissions");
            assertError(
                    post(
                            "Ticket",
                            technician(tenant),
                            "categoryId",
                            c,
                            "body",
                            "b",
                            "subject",
                            "s",
                            "userId",
                            "999999"),
                    404,
                    "User 999999 was not found");
            assertError(
                    post(
                            "Ticket",
                            technician(tenant),
                            "categoryId",
                            c,
                            "body",
                            "b",
                            "subject",
                            "s",
                            "assignedToUserId",
                            Long.toString(USER)),
                    400,
                    "Parameter 'assignedToUserId' must be a technician's user id");
        }

        @Test
        void unknownTechOnlyAndOtherTenantsCategoriesAreRefused() {
            assertError(
                    post("Ticket", regular(tenant), "categoryId", "999999", "body", "b", "subject", "s"),
                    404,
                    "Category 999999 was not found");
            long techs = category(tenant, "forTechsOnly", "true");
            post("Ticket", regular(tenant), "categoryId", Long.toString(techs), "body", "b", "subject", "s")
                    .expectStatus()
                    .isNotFound();
            ticket(tenant, technician(tenant), techs, "tech only");
            long kb = category(tenant, "kbOnly", "true");
            assertError(
                    post("Ticket", admin(tenant), "categoryId", Long.toString(kb), "body", "b", "subject", "s"),
                    400,
                    "Parameter 'categoryId' is a knowledge-base-only category");
            post("Ticket", admin(newTenant()), "categoryId", Long.toString(cat), "body", "b", "subject", "s")
                    .expectStatus()
                    .isNotFound();
        }
    }

    @Nested
    class GetTicket {

        @Test
        void returnsTheFullSeedObject() {
            long id = ticket(tenant, regular(tenant), cat, "test", "tags", "tag1");
            String json = body(get("Ticket?id=" + id, technician(tenant).replace("x", "x"))
                    .expectStatus()
                    .isNotFound());
            assertThat(json).isEqualTo("Ticket " + id + " was not found");
            String ticket =
                    body(get("Ticket?id=" + id, regular(tenant)).expectStatus().isOk());
            assertThat(fieldNames(ticket))
                    .containsSubsequence(
                            "Attachments",
                            "Tags",
                            "TagID",
                            "Name",
                            "TagCount",
                            "Status",
                            "OnBehalfUserName",
                            "SubmitterUserInfo",
                            "UserID",
                            "CategoryName",
                            "AssigneeUserInfo",
                            "TicketID",
                            "UserID",
                            "AssignedToUserID",
                            "IssueDate",
                            "Subject",
                            "Body",
                            "Priority",
                            "StatusID",
                            "CategoryID",
                            "DueDate",
                            "ResolvedDate",
                            "StartDate",
                            "TimeSpentInSeconds",
                            "UpdatedByUser",
                            "UpdatedByPerformer",
                            "UpdatedForTechView",
                            "IsCurrentUserTechInThisCategory",
                            "IsCurrentCategoryForTechsOnly",
                            "SubmittedByCurrentUser",
                            "IsInKb",
                            "Stats");
            assertThat(ticket)
                    .startsWith("{\"Attachments\":[],\"Tags\":[{\"TagID\":")
                    .contains(
                            "\"Name\":\"tag1\",\"TagCount\":1}]",
                            "\"Status\":\"New\",\"OnBehalfUserName\":null,\"SubmitterUserInfo\":{\"UserID\":" + USER
                                    + ",\"Username\":\"user\",\"Email\":\"user@example.com\",\"FirstName\":\"Fuser\"",
                            "\"CategoryName\":\"General issues\",\"AssigneeUserInfo\":null,\"TicketID\":" + id,
                            "\"UserID\":" + USER + ",\"AssignedToUserID\":null,\"IssueDate\":\"",
                            "\"Subject\":\"test\",\"Body\":\"Body of test\",\"Priority\":0,\"StatusID\":1,\"CategoryID\":"
                                    + cat,
                            "\"DueDate\":null,\"ResolvedDate\":null,\"StartDate\":null,\"TimeSpentInSeconds\":0",
                            "\"IsCurrentUserTechInThisCategory\":false,\"IsCurrentCategoryForTechsOnly\":false",
                            "\"SubmittedByCurrentUser\":true,\"IsInKb\":false,\"Stats\":null}");
            assertThat(ticket)
                    .containsPattern("\"IssueDate\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z\"");
        }

        @Test
        void visibilityFollowsRolesAndCategoryPermissions() {
            long id = ticket(tenant, regular(tenant), cat, "mine");
            get("Ticket?id=" + id, admin(tenant)).expectStatus().isOk();
            get("Ticket?id=" + id, bearer(tenant, 555, "user")).expectStatus().isNotFound();
            get("Ticket?id=" + id, technician(tenant)).expectStatus().isNotFound();
            techPermission(tenant, TECH, cat);
            assertThat(body(get("Ticket?id=" + id, technician(tenant))
                            .expectStatus()
                            .isOk()))
                    .contains("\"IsCurrentUserTechInThisCategory\":true", "\"SubmittedByCurrentUser\":false");
            get("Ticket?id=" + id, admin(newTenant())).expectStatus().isNotFound();
        }

        @Test
        void answers400And404() {
            assertError(get("Ticket", regular(tenant)), 400, "Parameter 'id' is required");
            assertError(get("Ticket?id=abc", regular(tenant)), 400, "Parameter 'id' must be an integer");
            assertError(get("Ticket?id=999999999", admin(tenant)), 404, "Ticket 999999999 was not found");
        }
    }

    @Nested
    class UpdateTicket {

        @Test
        void changesEveryFieldAuditsItAndPublishesOneUpdatedPlusSpecificEvents() throws Exception {
            long id = ticket(tenant, regular(tenant), cat, "old subject", "tags", "a,b");
            long other = category(tenant, "name", "Other");
            post(
                            "UpdateTicket",
                            admin(tenant),
                            "id",
                            Long.toString(id),
                            "categoryId",
                            Long.toString(other),
                            "priority",
                            "1",
                            "date",
                            "2024-01-02T03:04:05Z",
                            "dueDate",
                            "2030-12-01",
                            "assignedUserId",
                            Long.toString(TECH),
                            "timeSpentInSeconds",
                            "143",
                            "statusId",
                            "2",
                            "tags",
                            "c",
                            "subject",
                            "new subject",
                            "body",
                            "new body")
                    .expectStatus()
                    .isOk();
            String updated = event("ticket.tickets", tenant, id, "relaydesk.ticket.updated.v1", "new subject");
            assertThat(updated)
                    .contains(
                            "{\"field\":\"subject\",\"oldValue\":\"old subject\",\"newValue\":\"new subject\"}",
                            "{\"field\":\"categoryId\",\"oldValue\":\"" + cat + "\",\"newValue\":\"" + other + "\"}",
                            "{\"field\":\"statusId\",\"oldValue\":\"1\",\"newValue\":\"2\"}",
                            "{\"field\":\"priorityId\",\"oldValue\":\"0\",\"newValue\":\"1\"}",
                            "{\"field\":\"assignedToUserId\",\"oldValue\":null,\"newValue\":\"" + TECH + "\"}",
                            "{\"field\":\"dueDate\",\"oldValue\":null,\"newValue\":\"2030-12-01T00:00:00Z\"}",
                            "{\"field\":\"tags\",\"oldValue\":\"a,b\",\"newValue\":\"c\"}",
                            "\"actorUserId\":" + ADMIN);
            event(
                    "ticket.tickets",
                    tenant,
                    id,
                    "relaydesk.ticket.assigned.v1",
                    "\"fromUserId\":null",
                    "\"toUserId\":" + TECH);
            event("ticket.tickets", tenant, id, "relaydesk.ticket.tagged.v1", "\"tags\":[\"c\"]");
            assertThat(sql("select count(*) from ticket_audit where tenant_id = '" + tenant + "' and ticket_id = " + id
                            + " and user_id = " + ADMIN + " and field = 'subject' and old_value = 'old subject'"
                            + " and new_value = 'new subject'"))
                    .isEqualTo("1");
            String ticket = body(get("Ticket?id=" + id, admin(tenant)));
            assertThat(ticket)
                    .contains(
                            "\"IssueDate\":\"2024-01-02T03:04:05Z\"",
                            "\"DueDate\":\"2030-12-01T00:00:00Z\"",
                            "\"TimeSpentInSeconds\":143",
                            "\"StatusID\":2",
                            "\"Status\":\"In process\"",
                            "\"CategoryName\":\"Other\"",
                            "\"AssigneeUserInfo\":{\"UserID\":" + TECH,
                            "\"Name\":\"c\"",
                            "\"UpdatedByPerformer\":true");
            post("UpdateTicket", admin(tenant), "id", Long.toString(id), "assignedUserId", "0", "dueDate", "")
                    .expectStatus()
                    .isOk();
            event(
                    "ticket.tickets",
                    tenant,
                    id,
                    "relaydesk.ticket.assigned.v1",
                    "\"fromUserId\":" + TECH,
                    "\"toUserId\":null");
            assertThat(body(get("Ticket?id=" + id, admin(tenant))))
                    .contains("\"AssignedToUserID\":null", "\"DueDate\":null");
        }

        @Test
        void reopeningAClosedTicketPublishesReopened() {
            long id = ticket(tenant, regular(tenant), cat, "reopen me");
            post("UpdateTicket", regular(tenant), "id", Long.toString(id), "statusId", "3")
                    .expectStatus()
                    .isOk();
            event("ticket.tickets", tenant, id, "relaydesk.ticket.closed.v1", "\"suppressNotification\":false");
            assertThat(body(get("Ticket?id=" + id, regular(tenant))))
                    .contains("\"StatusID\":3")
                    .doesNotContain("\"ResolvedDate\":null");
            post("UpdateTicket", regular(tenant), "id", Long.toString(id), "statusId", "1")
                    .expectStatus()
                    .isOk();
            event("ticket.tickets", tenant, id, "relaydesk.ticket.reopened.v1", "\"statusId\":1");
            assertThat(body(get("Ticket?id=" + id, regular(tenant))))
                    .contains("\"ResolvedDate\":null", "\"UpdatedByUser\":true");
            post("UpdateTicket", admin(tenant), "id", Long.toString(id), "closeDate", "2020-01-02T03:04:05Z")
                    .expectStatus()
                    .isOk();
            assertThat(body(get("Ticket?id=" + id, regular(tenant))))
                    .contains("\"StatusID\":3", "\"ResolvedDate\":\"2020-01-02T03:04:05Z\"");
        }

        @Test
        void answers400404And403() {
            long id = ticket(tenant, regular(tenant), cat, "t");
            String i = Long.toString(id);
            assertError(post("UpdateTicket", admin(tenant)), 400, "Parameter 'id' is required");
            assertError(
                    post("UpdateTicket", admin(tenant), "id", i, "priority", "7"),
                    400,
                    "Parameter 'priority' must be -1 (Low), 0 (Normal), 1 (High) or 2 (Critical)");
            assertError(
                    post("UpdateTicket", admin(tenant), "id", i, "dueDate", "soon"),
                    400,
                    "Parameter 'dueDate' must be a date (YYYY-MM-DD) or an ISO date-time");
            assertError(
                    post("UpdateTicket", admin(tenant), "id", i, "statusId", "77"),
                    400,
                    "Parameter 'statusId' must be a status id (1 New, 2 In process, 3 Closed or a custom status)");
            assertError(
                    post("UpdateTicket", admin(tenant), "id", i, "categoryId", "999999"),
                    404,
                    "Category 999999 was not found");
            assertError(
                    post("UpdateTicket", admin(tenant), "id", i, "assignedUserId", "999999"),
                    404,
                    "User 999999 was not found");
            assertError(
                    post("UpdateTicket", admin(tenant), "id", "999999999", "subject", "x"),
                    404,
                    "Ticket 999999999 was not found");
            assertError(
                    post("UpdateTicket", regular(tenant), "id", i, "assignedUserId", Long.toString(TECH)),
                    403,
                    "Changing 'assignedUserId' requires technician permissions");
            post("UpdateTicket", bearer(tenant, 555, "user"), "id", i, "subject", "x")
                    .expectStatus()
                    .isNotFound();
            post("UpdateTicket", admin(newTenant()), "id", i, "subject", "x")
                    .expectStatus()
                    .isNotFound();
        }
    }

    @Nested
    class Close {

        @Test
        void closesSilentlyAndPublishesClosed() {
            long id = ticket(tenant, regular(tenant), cat, "close me");
            get("Close?id=" + id + "&suppressNotification=true", admin(tenant))
                    .expectStatus()
                    .isOk();
            String closed =
                    event("ticket.tickets", tenant, id, "relaydesk.ticket.closed.v1", "\"suppressNotification\":true");
            assertThat(closed).contains("\"statusId\":3", "\"resolvedAt\":\"");
            event(
                    "ticket.tickets",
                    tenant,
                    id,
                    "relaydesk.ticket.updated.v1",
                    "{\"field\":\"statusId\",\"oldValue\":\"1\",\"newValue\":\"3\"}");
            assertThat(body(get("Ticket?id=" + id, admin(tenant)))).contains("\"Status\":\"Closed\"");
        }

        @Test
        void answers400And404() {
            assertError(post("Close", admin(tenant)), 400, "Parameter 'id' is required");
            assertError(post("Close", admin(tenant), "id", "999999999"), 404, "Ticket 999999999 was not found");
            long id = ticket(tenant, regular(tenant), cat, "not yours");
            post("Close", bearer(tenant, 555, "user"), "id", Long.toString(id))
                    .expectStatus()
                    .isNotFound();
            post("Close", admin(newTenant()), "id", Long.toString(id))
                    .expectStatus()
                    .isNotFound();
        }
    }

    @Nested
    class CustomFieldValues {

        @Test
        void setCustomFieldSetCustomFieldsAndTicketCustomFields() {
            long text = field("Serial", "1");
            long combo = Long.parseLong(body(post(
                            "CreateCustomField",
                            admin(tenant),
                            "type",
                            "1",
                            "name",
                            "Browser",
                            "fieldType",
                            "3",
                            "options",
                            "Firefox;Chrome")
                    .expectStatus()
                    .isOk()));
            long date = field("Bought", "2");
            long firefox = Long.parseLong(body(get("CustomFieldsForCategory?categoryId=" + cat, admin(tenant)))
                    .replaceAll(".*\"OptionID\":(\\d+),\"Name\":\"Firefox\".*", "$1"));
            long id = ticket(tenant, regular(tenant), cat, "fields");
            post(
                            "SetCustomField",
                            regular(tenant),
                            "ticketId",
                            Long.toString(id),
                            "fieldId",
                            Long.toString(text),
                            "value",
                            "SN-9")
                    .expectStatus()
                    .isOk();
            event(
                    "ticket.tickets",
                    tenant,
                    id,
                    "relaydesk.ticket.custom-field-set.v1",
                    "\"fieldId\":" + text,
                    "\"value\":\"SN-9\"");
            post(
                            "SetCustomFields",
                            admin(tenant),
                            "ticketId",
                            Long.toString(id),
                            "cf" + combo,
                            Long.toString(firefox),
                            "cf" + date,
                            "2024-05-06")
                    .expectStatus()
                    .isOk();
            event(
                    "ticket.tickets",
                    tenant,
                    id,
                    "relaydesk.ticket.updated.v1",
                    "customField:" + combo,
                    "customField:" + date);
            String values = body(get("TicketCustomFields?id=" + id, regular(tenant))
                    .expectStatus()
                    .isOk());
            assertThat(fieldNames(values))
                    .startsWith("FieldName", "FieldID", "Type", "UsageType", "Value", "ValueWithOption", "Mandatory");
            assertThat(values)
                    .isEqualTo(
                            "[{\"FieldName\":\"Serial\",\"FieldID\":" + text
                                    + ",\"Type\":1,\"UsageType\":1,\"Value\":\"SN-9\","
                                    + "\"ValueWithOption\":\"SN-9\",\"Mandatory\":false},{\"FieldName\":\"Browser\",\"FieldID\":"
                                    + combo
                                    + ",\"Type\":3,\"UsageType\":1,\"Value\":\"" + firefox
                                    + "\",\"ValueWithOption\":\"Firefox\","
                                    + "\"Mandatory\":false},{\"FieldName\":\"Bought\",\"FieldID\":" + date
                                    + ",\"Type\":2,"
                                    + "\"UsageType\":1,\"Value\":\"2024-05-06\",\"ValueWithOption\":\"2024-05-06\",\"Mandatory\":false}]");
            post(
                            "SetCustomField",
                            admin(tenant),
                            "ticketId",
                            Long.toString(id),
                            "fieldId",
                            Long.toString(text),
                            "value",
                            "")
                    .expectStatus()
                    .isOk();
            assertThat(body(get("TicketCustomFields?id=" + id, regular(tenant))))
                    .doesNotContain("Serial");
            assertThat(body(get("TicketCustomFields?id=" + id + "&returnUnset=true", regular(tenant))))
                    .contains("{\"FieldName\":\"Serial\",\"FieldID\":" + text
                            + ",\"Type\":1,\"UsageType\":1,\"Value\":null,\"ValueWithOption\":null");
        }

        @Test
        void answers400404AndHidesOtherUsersTickets() {
            long text = field("Serial", "1");
            long box = field("Box", "4");
            long id = ticket(tenant, regular(tenant), cat, "f");
            String i = Long.toString(id);
            assertError(
                    post("SetCustomField", admin(tenant), "fieldId", "1", "value", "x"),
                    400,
                    "Parameter 'ticketId' is required");
            assertError(
                    post("SetCustomField", admin(tenant), "ticketId", i, "value", "x"),
                    400,
                    "Parameter 'fieldId' is required");
            assertError(
                    post("SetCustomField", admin(tenant), "ticketId", i, "fieldId", Long.toString(text)),
                    400,
                    "Parameter 'value' is required");
            assertError(
                    post(
                            "SetCustomField",
                            admin(tenant),
                            "ticketId",
                            i,
                            "fieldId",
                            Long.toString(box),
                            "value",
                            "perhaps"),
                    400,
                    "Parameter 'value' must be true or false for a checkbox");
            assertError(
                    post("SetCustomField", admin(tenant), "ticketId", i, "fieldId", "999999", "value", "x"),
                    404,
                    "Custom field 999999 was not found");
            assertError(
                    post(
                            "SetCustomField",
                            admin(tenant),
                            "ticketId",
                            "999999999",
                            "fieldId",
                            Long.toString(text),
                            "value",
                            "x"),
                    404,
                    "Ticket 999999999 was not found");
            assertError(
                    post("SetCustomFields", admin(tenant), "ticketId", i), 400, "Parameter 'cf<fieldId>' is required");
            assertError(
                    post("SetCustomFields", admin(tenant), "ticketId", i, "cf" + box, "nope"),
                    400,
                    "Parameter 'cf" + box + "' must be true or false for a checkbox");
            assertError(get("TicketCustomFields", admin(tenant)), 400, "Parameter 'id' is required");
            assertError(get("TicketCustomFields?id=999999999", admin(tenant)), 404, "Ticket 999999999 was not found");
            get("TicketCustomFields?id=" + id, bearer(tenant, 555, "user"))
                    .expectStatus()
                    .isNotFound();
            get("TicketCustomFields?id=" + id, admin(newTenant()))
                    .expectStatus()
                    .isNotFound();
        }

        long field(String name, String type) {
            return Long.parseLong(
                    body(post("CreateCustomField", admin(tenant), "type", "1", "name", name, "fieldType", type)
                            .expectStatus()
                            .isOk()));
        }
    }

    @Nested
    class TagTicket {

        @Test
        void addsATagOnceAndPublishesTagged() {
            long id = ticket(tenant, regular(tenant), cat, "tag me", "tags", "Old");
            post("TagTicket", technician(tenant), "ticketId", Long.toString(id), "name", "new")
                    .expectStatus()
                    .isNotFound();
            post("TagTicket", admin(tenant), "ticketId", Long.toString(id), "name", "new")
                    .expectStatus()
                    .isOk();
            post("TagTicket", admin(tenant), "ticketId", Long.toString(id), "name", "NEW")
                    .expectStatus()
                    .isOk();
            event("ticket.tickets", tenant, id, "relaydesk.ticket.tagged.v1", "\"tags\":[\"Old\",\"new\"]");
            assertThat(body(get("Ticket?id=" + id, admin(tenant))))
                    .contains("\"Name\":\"Old\"", "\"Name\":\"new\"")
                    .doesNotContain("NEW");
            assertError(
                    post("TagTicket", admin(tenant), "ticketId", Long.toString(id)),
                    400,
                    "Parameter 'name' is required");
            assertError(post("TagTicket", admin(tenant), "name", "x"), 400, "Parameter 'ticketId' is required");
            assertError(
                    post("TagTicket", admin(tenant), "ticketId", "999999999", "name", "x"),
                    404,
                    "Ticket 999999999 was not found");
            post("TagTicket", admin(newTenant()), "ticketId", Long.toString(id), "name", "x")
                    .expectStatus()
                    .isNotFound();
        }
    }

    @Nested
    class UserEvents {

        @Test
        void aMergedUsersTicketsMoveToTheKeptUser() throws Exception {
            user(tenant, 4242, "gone", false, true, null);
            long submitted = ticket(tenant, bearer(tenant, 4242, "technician"), cat, "by gone");
            long assigned = ticket(tenant, admin(tenant), cat, "for gone", "assignedToUserId", "4242");
            publish(
                    "user.users",
                    tenant,
                    4242,
                    "relaydesk.user.merged.v1",
                    "{\"fromUserId\":4242,\"intoUserId\":" + TECH + "}");
            await().atMost(Duration.ofSeconds(20)).until(() -> body(get("Ticket?id=" + submitted, admin(tenant)))
                    .contains("\"UserID\":" + TECH + ",\"AssignedToUserID\""));
            assertThat(body(get("Ticket?id=" + assigned, admin(tenant)))).contains("\"AssignedToUserID\":" + TECH);
            event(
                    "ticket.tickets",
                    tenant,
                    submitted,
                    "relaydesk.ticket.updated.v1",
                    "\"actorUserId\":null",
                    "{\"field\":\"submitterUserId\",\"oldValue\":\"4242\",\"newValue\":\"" + TECH + "\"}");
            event(
                    "ticket.tickets",
                    tenant,
                    assigned,
                    "relaydesk.ticket.assigned.v1",
                    "\"fromUserId\":4242",
                    "\"toUserId\":" + TECH);
            assertThat(sql("select count(*) from ticket_audit where tenant_id = '" + tenant
                            + "' and field = 'submitterUserId'" + " and old_value = '4242'"))
                    .isEqualTo("1");
            assertThat(sql("select deleted from user_view where tenant_id = '" + tenant + "' and user_id = 4242"))
                    .isEqualTo("t");
        }

        @Test
        void aDeletedUserIsNoLongerOfferedAsAssignee() {
            user(tenant, 4343, "leaving", false, true, null);
            techPermission(tenant, 4343, cat);
            assertThat(body(get("TechsForCategory?id=" + cat, admin(tenant)))).contains("leaving");
            publish("user.users", tenant, 4343, "relaydesk.user.deleted.v1", "{\"userId\":4343}");
            await().atMost(Duration.ofSeconds(20)).until(() -> !body(get("TechsForCategory?id=" + cat, admin(tenant)))
                    .contains("leaving"));
        }
    }
}

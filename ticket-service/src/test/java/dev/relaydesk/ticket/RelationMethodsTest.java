package dev.relaydesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Subscribers, related tickets, sub-tickets, merges and integration data. */
class RelationMethodsTest extends TicketApiTestSupport {

    String tenant = newTenant();
    long cat;
    long a;
    long b;

    @BeforeEach
    void setUp() {
        people(tenant);
        cat = category(tenant, "name", "General issues");
        techPermission(tenant, TECH, cat);
        a = ticket(tenant, regular(tenant), cat, "First");
        b = ticket(tenant, regular(tenant), cat, "Second");
    }

    static String s(long id) {
        return Long.toString(id);
    }

    @Nested
    class Subscribers {

        @Test
        void submitterAndAssigneeAreSubscribedAndSubscribersCanBeAddedAndRemoved() {
            long t =
                    ticket(tenant, technician(tenant), cat, "Assigned", "userId", s(USER), "assignedToUserId", s(TECH));
            String list = body(
                    get("Subscribers?id=" + t, regular(tenant)).expectStatus().isOk());
            assertThat(list)
                    .isEqualTo("[{\"UserID\":" + TECH + ",\"Username\":\"tech\",\"Email\":\"tech@example.com\","
                            + "\"FirstName\":\"Ftech\",\"LastName\":\"Ltech\"},{\"UserID\":" + USER
                            + ",\"Username\":\"user\",\"Email\":\"user@example.com\",\"FirstName\":\"Fuser\","
                            + "\"LastName\":\"Luser\"}]");
            // reassigning subscribes the new assignee
            post("UpdateTicket", admin(tenant), "id", s(a), "assignedUserId", s(ADMIN))
                    .expectStatus()
                    .isOk();
            assertThat(body(get("Subscribers?id=" + a, admin(tenant))))
                    .contains("\"UserID\":" + ADMIN, "\"UserID\":" + USER);
            post("AddSubscriber", technician(tenant), "id", s(t), "userId", s(ADMIN))
                    .expectStatus()
                    .isOk();
            post("RemoveSubscriber", regular(tenant), "id", s(t), "userId", s(USER))
                    .expectStatus()
                    .isOk();
            assertThat(body(get("Subscribers?id=" + t, admin(tenant))))
                    .contains("\"UserID\":" + ADMIN, "\"UserID\":" + TECH)
                    .doesNotContain("\"UserID\":" + USER);
        }

        @Test
        void answers400404And403() {
            assertError(post("AddSubscriber", admin(tenant), "userId", s(USER)), 400, "Parameter 'id' is required");
            assertError(post("AddSubscriber", admin(tenant), "id", s(a)), 400, "Parameter 'userId' is required");
            assertError(
                    post("AddSubscriber", admin(tenant), "id", "999999999", "userId", s(USER)),
                    404,
                    "Ticket 999999999 was not found");
            assertError(
                    post("AddSubscriber", admin(tenant), "id", s(a), "userId", "424242"),
                    404,
                    "User 424242 was not found");
            assertError(
                    post("AddSubscriber", regular(tenant), "id", s(a), "userId", s(ADMIN)),
                    403,
                    "Subscribing other users requires technician permissions");
            assertError(
                    post("RemoveSubscriber", admin(tenant), "id", s(a), "userId", s(ADMIN)),
                    404,
                    "Subscriber " + ADMIN + " was not found");
            assertError(get("Subscribers", admin(tenant)), 400, "Parameter 'id' is required");
            assertError(get("Subscribers?id=" + a, bearer(tenant, 555, "user")), 404, "Ticket " + a + " was not found");
            assertError(get("Subscribers?id=" + a, admin(newTenant())), 404, "Ticket " + a + " was not found");
        }
    }

    @Nested
    class Links {

        @Test
        void linksListsAndUnlinksRelatedTicketsWithTheSeedsFieldsAndEvents() {
            post("LinkTickets", technician(tenant), "id", s(a), "id2", s(b))
                    .expectStatus()
                    .isOk();
            String linked = body(
                    get("LinkedTickets?id=" + b, regular(tenant)).expectStatus().isOk());
            assertThat(fieldNames(linked.substring(1, linked.indexOf('}') + 1)))
                    .containsExactly(
                            "TicketID",
                            "Subject",
                            "StatusID",
                            "UpdatedByUser",
                            "UpdatedByPerformer",
                            "CompanyID",
                            "UserID",
                            "Username",
                            "FirstName",
                            "LastName",
                            "IssueDate");
            assertThat(linked).contains("\"TicketID\":" + a, "\"Subject\":\"First\"", "\"Username\":\"user\"");
            assertThat(body(get("LinkedTickets?id=" + a, regular(tenant)))).contains("\"TicketID\":" + b);
            event("ticket.tickets", tenant, a, "relaydesk.ticket.linked.v1", "\"linkedTicketId\":" + b);
            post("UnlinkTickets", technician(tenant), "id", s(b), "id2", s(a))
                    .expectStatus()
                    .isOk();
            assertThat(body(get("LinkedTickets?id=" + a, regular(tenant)))).isEqualTo("[]");
            event("ticket.tickets", tenant, b, "relaydesk.ticket.unlinked.v1", "\"linkedTicketId\":" + a);
        }

        @Test
        void answers400404And403() {
            assertError(post("LinkTickets", admin(tenant), "id", s(a)), 400, "Parameter 'id2' is required");
            assertError(
                    post("LinkTickets", admin(tenant), "id", s(a), "id2", s(a)),
                    400,
                    "Parameter 'id2' must name another ticket");
            assertError(
                    post("LinkTickets", admin(tenant), "id", s(a), "id2", "999999999"),
                    404,
                    "Ticket 999999999 was not found");
            assertError(
                    post("LinkTickets", regular(tenant), "id", s(a), "id2", s(b)),
                    403,
                    "This requires technician permissions");
            assertError(
                    post("UnlinkTickets", admin(tenant), "id", s(a), "id2", s(b)),
                    400,
                    "Parameter 'id2' is not linked to ticket " + a);
            assertError(get("LinkedTickets?id=" + a, admin(newTenant())), 404, "Ticket " + a + " was not found");
            assertError(get("LinkedTickets", admin(tenant)), 400, "Parameter 'id' is required");
        }
    }

    @Nested
    class SubTickets {

        @Test
        void addsListsAndRemovesSubTicketsWithParentTicketAndHasChildren() {
            post("AddSubTicket", technician(tenant), "parentId", s(a), "childId", s(b))
                    .expectStatus()
                    .isOk();
            String subs = body(
                    get("SubTickets?id=" + a, regular(tenant)).expectStatus().isOk());
            assertThat(TicketListMethodsTest.ids(subs)).containsExactly(b);
            assertThat(subs).contains("\"Subject\":\"Second\"", "\"HasChildren\":false");
            assertThat(body(get("Tickets", regular(tenant))))
                    .contains("\"IssueID\":" + a + ",")
                    .containsPattern("\"IssueID\":" + a + ",[^}]*\"HasChildren\":true");
            get("ParentTicket?id=" + b, regular(tenant))
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                    .expectBody(String.class)
                    .isEqualTo(s(a));
            assertThat(body(get("ParentTicket?id=" + b + "&returnFullTicket=true", regular(tenant))))
                    .startsWith("{\"Attachments\":[]")
                    .contains("\"TicketID\":" + a, "\"Subject\":\"First\"");
            assertThat(body(get("ParentTicket?id=" + a, regular(tenant)))).isEqualTo("0");
            event(
                    "ticket.tickets",
                    tenant,
                    a,
                    "relaydesk.ticket.subticket-added.v1",
                    "\"parentTicketId\":" + a,
                    "\"childTicketId\":" + b);
            assertError(
                    post("AddSubTicket", admin(tenant), "parentId", s(b), "childId", s(a)),
                    400,
                    "Parameter 'childId' is an ancestor of ticket " + b + " (no cycles)");
            post("RemoveSubTicket", technician(tenant), "childId", s(b))
                    .expectStatus()
                    .isOk();
            assertThat(body(get("SubTickets?id=" + a, regular(tenant)))).isEqualTo("[]");
            assertThat(body(get("ParentTicket?id=" + b, regular(tenant)))).isEqualTo("0");
            event(
                    "ticket.tickets",
                    tenant,
                    a,
                    "relaydesk.ticket.subticket-removed.v1",
                    "\"parentTicketId\":" + a,
                    "\"childTicketId\":" + b);
        }

        @Test
        void answers400404And403() {
            assertError(post("AddSubTicket", admin(tenant), "childId", s(b)), 400, "Parameter 'parentId' is required");
            assertError(post("AddSubTicket", admin(tenant), "parentId", s(a)), 400, "Parameter 'childId' is required");
            assertError(
                    post("AddSubTicket", regular(tenant), "parentId", s(a), "childId", s(b)),
                    403,
                    "This requires technician permissions");
            assertError(
                    post("AddSubTicket", admin(newTenant()), "parentId", s(a), "childId", s(b)),
                    404,
                    "Ticket " + a + " was not found");
            assertError(
                    post("RemoveSubTicket", admin(tenant), "childId", s(b)),
                    400,
                    "Parameter 'childId' is not a sub-ticket");
            assertError(
                    post("RemoveSubTicket", regular(tenant), "childId", s(b)),
                    403,
                    "This requires technician permissions");
            assertError(get("SubTickets?id=999999999", admin(tenant)), 404, "Ticket 999999999 was not found");
            assertError(get("ParentTicket", admin(tenant)), 400, "Parameter 'id' is required");
            assertError(get("ParentTicket?id=" + b, admin(newTenant())), 404, "Ticket " + b + " was not found");
        }
    }

    @Nested
    class MergeTickets {

        @Test
        void movesCommentsFilesSubscribersAndTagsToThePrimaryTicketAndTheMergedOneIsGone() {
            post("TagTicket", admin(tenant), "ticketId", s(a), "name", "alpha")
                    .expectStatus()
                    .isOk();
            post("TagTicket", admin(tenant), "ticketId", s(b), "name", "beta")
                    .expectStatus()
                    .isOk();
            String comment = body(post("Comment", regular(tenant), "id", s(b), "body", "comment on the merged ticket")
                    .expectStatus()
                    .isOk());
            String file = body(web.post()
                    .uri("/api/AttachFile")
                    .header("Authorization", regular(tenant))
                    .contentType(MediaType.parseMediaType("multipart/form-data; boundary=xx"))
                    .bodyValue(("--xx\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n" + b
                                    + "\r\n--xx\r\nContent-Disposition: form-data; name=\"uploadFile\";"
                                    + " filename=\"log.txt\"\r\nContent-Type: text/plain\r\n\r\nlog\r\n--xx--\r\n")
                            .getBytes(StandardCharsets.UTF_8))
                    .exchange()
                    .expectStatus()
                    .isOk());
            post("AddSubscriber", admin(tenant), "id", s(b), "userId", s(TECH))
                    .expectStatus()
                    .isOk();

            post("MergeTickets", technician(tenant), "id", s(a), "id2", s(b))
                    .expectStatus()
                    .isOk();

            assertThat(body(get("Comments?id=" + a, regular(tenant))))
                    .contains("\"CommentID\":" + comment, "\"IssueID\":" + a, "comment on the merged ticket");
            assertThat(body(get("Attachments?id=" + a, regular(tenant))))
                    .contains(
                            "\"FileID\":" + file.replaceAll("\\D", ""), "\"FileName\":\"log.txt\"", "\"IssueID\":" + a);
            assertThat(body(get("Subscribers?id=" + a, admin(tenant))))
                    .contains("\"UserID\":" + TECH, "\"UserID\":" + USER);
            assertThat(body(get("Ticket?id=" + a, regular(tenant))))
                    .contains("\"Name\":\"alpha\"", "\"Name\":\"beta\"");
            assertThat(TicketListMethodsTest.ids(body(get("Search?query=merged", regular(tenant)))))
                    .containsExactly(a);
            assertError(get("Ticket?id=" + b, admin(tenant)), 404, "Ticket " + b + " was not found");
            assertError(get("Comments?id=" + b, admin(tenant)), 404, "Ticket " + b + " was not found");
            assertError(
                    post("MergeTickets", admin(tenant), "id", s(a), "id2", s(b)),
                    404,
                    "Ticket " + b + " was not found");
            assertThat(event(
                            "ticket.tickets",
                            tenant,
                            a,
                            "relaydesk.ticket.merged.v1",
                            "\"fromTicketId\":" + b,
                            "\"intoTicketId\":" + a))
                    .contains("\"tags\":[\"alpha\",\"beta\"]", "\"actorUserId\":" + TECH);
        }

        @Test
        void answers400404And403() {
            assertError(post("MergeTickets", admin(tenant), "id", s(a)), 400, "Parameter 'id2' is required");
            assertError(
                    post("MergeTickets", admin(tenant), "id", s(a), "id2", s(a)),
                    400,
                    "Parameter 'id2' must name another ticket");
            assertError(
                    post("MergeTickets", regular(tenant), "id", s(a), "id2", s(b)),
                    403,
                    "This requires technician permissions");
            assertError(
                    post("MergeTickets", admin(newTenant()), "id", s(a), "id2", s(b)),
                    404,
                    "Ticket " + a + " was not found");
        }
    }

    @Nested
    class TicketIntegrationData {

        @Test
        void returnsTheSeedsObjectWithTheTicketsLinks() throws Exception {
            execute("insert into ticket_integrations (tenant_id, ticket_id, system, url) values ('" + tenant + "', " + a
                    + ", 'Jira', 'https://jira/browse/JB-1')");
            assertThat(body(get("TicketIntegrationData?id=" + a, regular(tenant))
                            .expectStatus()
                            .isOk()))
                    .isEqualTo("{\"BitbucketIssueUrl\":null,\"JiraIssueUrl\":\"https://jira/browse/JB-1\","
                            + "\"GitHubIssueUrl\":null,\"AsanaTaskUrl\":null,\"TrelloCardUrl\":null,"
                            + "\"VSOWorkItemUrl\":null,\"HarvestProjectUrl\":null,\"GitLabIssueUrl\":null,"
                            + "\"BasecampTodoUrl\":null}");
            assertError(get("TicketIntegrationData", regular(tenant)), 400, "Parameter 'id' is required");
            assertError(
                    get("TicketIntegrationData?id=999999999", regular(tenant)), 404, "Ticket 999999999 was not found");
            assertError(
                    get("TicketIntegrationData?id=" + a, admin(newTenant())), 404, "Ticket " + a + " was not found");
        }
    }
}

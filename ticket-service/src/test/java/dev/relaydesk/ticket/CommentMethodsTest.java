package dev.relaydesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Comments (replies): Comment, updatecomment, Comments, CommentTemplates; techs-only comments stay with technicians. */
class CommentMethodsTest extends TicketApiTestSupport {

    String tenant = newTenant();
    long cat;
    long ticket;

    @BeforeEach
    void setUp() {
        people(tenant);
        cat = category(tenant, "name", "General issues");
        techPermission(tenant, TECH, cat);
        ticket = ticket(tenant, regular(tenant), cat, "Printer jam");
    }

    long comment(String auth, String... pairs) {
        String[] all = new String[pairs.length + 2];
        all[0] = "id";
        all[1] = Long.toString(ticket);
        System.arraycopy(pairs, 0, all, 2, pairs.length);
        String id = body(post("Comment", auth, all).expectStatus().isOk());
        assertThat(id).matches("\\d+");
        return Long.parseLong(id);
    }

    @Nested
    class PostComment {

        @Test
        void postsACommentWithEveryParameterListsItWithTheSeedsFieldsAndPublishesAdded() {
            long id = comment(technician(tenant), "body", "Hi\r\n\r\n", "recipientIds", USER + "," + ADMIN);
            String list = body(
                    get("Comments?id=" + ticket, regular(tenant)).expectStatus().isOk());
            assertThat(fieldNames(list.substring(1, list.indexOf('}') + 1)))
                    .containsExactly(
                            "CommentID",
                            "IssueID",
                            "UserID",
                            "UserName",
                            "Email",
                            "FirstName",
                            "LastName",
                            "IsSystem",
                            "CommentDate",
                            "ForTechsOnly",
                            "Body",
                            "TicketSubject",
                            "Recipients");
            assertThat(list)
                    .contains(
                            "\"CommentID\":" + id,
                            "\"IssueID\":" + ticket,
                            "\"UserID\":" + TECH,
                            "\"UserName\":\"tech\"",
                            "\"Email\":\"tech@example.com\"",
                            "\"IsSystem\":false",
                            "\"ForTechsOnly\":false",
                            "\"Body\":\"Hi\\r\\n\\r\\n\"",
                            "\"Recipients\":\"" + USER + "," + ADMIN + "\"");
            String added = event("ticket.tickets", tenant, ticket, "relaydesk.comment.added.v1", "\"commentId\":" + id);
            assertThat(added)
                    .contains(
                            "\"ticketId\":" + ticket,
                            "\"authorUserId\":" + TECH,
                            "\"actorUserId\":" + TECH,
                            "\"forTechsOnly\":false",
                            "\"isSystem\":false",
                            "\"recipientIds\":[" + USER + "," + ADMIN + "]",
                            "\"ticket\":{\"ticketId\":" + ticket,
                            "\"occurredAt\":");
        }

        @Test
        void aTechniciansReplyAnswersTheTicketAndTheSubmittersReplyMakesItUnansweredAgain() {
            assertThat(TicketListMethodsTest.ids(body(get("Tickets?mode=unanswered", admin(tenant)))))
                    .contains(ticket);
            comment(technician(tenant), "body", "Have you tried turning it off?");
            String t = body(get("Ticket?id=" + ticket, admin(tenant)));
            assertThat(t).contains("\"UpdatedByPerformer\":true", "\"UpdatedByUser\":false", "\"StatusID\":2");
            assertThat(TicketListMethodsTest.ids(body(get("Tickets?mode=unanswered", admin(tenant)))))
                    .doesNotContain(ticket);
            event("ticket.tickets", tenant, ticket, "relaydesk.ticket.updated.v1", "\"field\":\"statusId\"");

            comment(regular(tenant), "body", "Yes, still jammed");
            t = body(get("Ticket?id=" + ticket, admin(tenant)));
            assertThat(t).contains("\"UpdatedByPerformer\":false", "\"UpdatedByUser\":true");
            assertThat(TicketListMethodsTest.ids(body(get("Tickets?mode=unanswered", admin(tenant)))))
                    .contains(ticket);
        }

        @Test
        void aTechsOnlyCommentIsNeverShownSearchedOrAnsweringForRegularUsers() {
            long internal = comment(technician(tenant), "body", "Customer is xylophonist", "forTechsOnly", "true");
            long visible = comment(technician(tenant), "body", "We ordered a marimba part");
            assertThat(body(get("Comments?id=" + ticket, regular(tenant))))
                    .contains("\"CommentID\":" + visible)
                    .doesNotContain("\"CommentID\":" + internal, "xylophonist");
            assertThat(body(get("Comments?id=" + ticket, technician(tenant))))
                    .contains("\"CommentID\":" + internal, "\"ForTechsOnly\":true");
            // Search: public comment text finds the ticket for everyone; techs-only text only for technicians.
            assertThat(TicketListMethodsTest.ids(body(get("Search?query=marimba", regular(tenant)))))
                    .containsExactly(ticket);
            assertThat(TicketListMethodsTest.ids(body(get("Search?query=xylophonist", regular(tenant)))))
                    .isEmpty();
            assertThat(TicketListMethodsTest.ids(body(get("Search?query=xylophonist", technician(tenant)))))
                    .containsExactly(ticket);
            assertThat(TicketListMethodsTest.ids(body(get("Search?query=xylophonist", admin(tenant)))))
                    .containsExactly(ticket);
            // a later comment adds its words to the ticket's search document and keeps the earlier ones
            comment(regular(tenant), "body", "The bassoon arrived too");
            assertThat(TicketListMethodsTest.ids(body(get("Search?query=bassoon", regular(tenant)))))
                    .containsExactly(ticket);
            assertThat(TicketListMethodsTest.ids(body(get("Search?query=marimba", regular(tenant)))))
                    .containsExactly(ticket);
            assertThat(TicketListMethodsTest.ids(body(get("Search?query=xylophonist", regular(tenant)))))
                    .isEmpty();
            // Editing it is refused as if it did not exist; the event says it is techs-only.
            assertError(
                    post("updatecomment", regular(tenant), "id", Long.toString(internal), "body", "x"),
                    404,
                    "Comment " + internal + " was not found");
            event(
                    "ticket.tickets",
                    tenant,
                    ticket,
                    "relaydesk.comment.added.v1",
                    "\"commentId\":" + internal,
                    "\"forTechsOnly\":true");
        }

        @Test
        void administratorsPostOnBehalfOfAnotherUser() {
            long id = comment(admin(tenant), "body", "Relayed by phone", "fromUserId", Long.toString(USER));
            assertThat(body(get("Comments?id=" + ticket, regular(tenant))))
                    .contains("\"CommentID\":" + id + ",\"IssueID\":" + ticket + ",\"UserID\":" + USER);
            assertThat(body(get("Ticket?id=" + ticket, admin(tenant)))).contains("\"UpdatedByUser\":true");
            assertError(
                    post("Comment", technician(tenant), "id", Long.toString(ticket), "body", "b", "fromUserId", "1"),
                    403,
                    "Posting as another user requires administrator permissions");
            assertError(
                    post("Comment", admin(tenant), "id", Long.toString(ticket), "body", "b", "fromUserId", "424242"),
                    404,
                    "User 424242 was not found");
        }

        @Test
        void answers400404And403() {
            String t = Long.toString(ticket);
            assertError(post("Comment", regular(tenant), "body", "b"), 400, "Parameter 'id' is required");
            assertError(
                    post("Comment", regular(tenant), "id", "x", "body", "b"), 400, "Parameter 'id' must be an integer");
            assertError(post("Comment", regular(tenant), "id", t), 400, "Parameter 'body' is required");
            assertError(
                    post("Comment", regular(tenant), "id", t, "body", "b", "forTechsOnly", "maybe"),
                    400,
                    "Parameter 'forTechsOnly' must be true or false");
            assertError(
                    post("Comment", regular(tenant), "id", t, "body", "b", "recipientIds", "1,x"),
                    400,
                    "Parameter 'recipientIds' must be comma-separated user ids");
            assertError(
                    post("Comment", regular(tenant), "id", "999999999", "body", "b"),
                    404,
                    "Ticket 999999999 was not found");
            assertError(
                    post("Comment", regular(tenant), "id", t, "body", "b", "forTechsOnly", "true"),
                    403,
                    "Posting a techs-only or system comment requires technician permissions");
            assertError(
                    post("Comment", bearer(tenant, 555, "user"), "id", t, "body", "b"),
                    404,
                    "Ticket " + t + " was not found");
            assertError(
                    post("Comment", admin(newTenant()), "id", t, "body", "b"), 404, "Ticket " + t + " was not found");
        }
    }

    @Nested
    class UpdateComment {

        @Test
        void theAuthorEditsTheTextAndUpdatedIsPublished() {
            long id = comment(regular(tenant), "body", "typo");
            post("updatecomment", regular(tenant), "id", Long.toString(id), "body", "fixed")
                    .expectStatus()
                    .isOk();
            assertThat(body(get("Comments?id=" + ticket, admin(tenant))))
                    .contains("\"Body\":\"fixed\"")
                    .doesNotContain("typo");
            assertThat(event(
                            "ticket.tickets",
                            tenant,
                            ticket,
                            "relaydesk.comment.updated.v1",
                            "\"commentId\":" + id,
                            "\"body\":\"fixed\""))
                    .contains("\"authorUserId\":" + USER, "\"ticket\":{");
            // administrators may edit anyone's comment
            post("updatecomment", admin(tenant), "id", Long.toString(id), "body", "by admin")
                    .expectStatus()
                    .isOk();
        }

        @Test
        void answers400404And403() {
            long id = comment(regular(tenant), "body", "mine");
            assertError(post("updatecomment", regular(tenant), "body", "b"), 400, "Parameter 'id' is required");
            assertError(
                    post("updatecomment", regular(tenant), "id", Long.toString(id)),
                    400,
                    "Parameter 'body' is required");
            assertError(
                    post("updatecomment", regular(tenant), "id", "999999999", "body", "b"),
                    404,
                    "Comment 999999999 was not found");
            assertError(
                    post("updatecomment", technician(tenant), "id", Long.toString(id), "body", "b"),
                    403,
                    "Only the comment's author or an administrator may edit it");
            assertError(
                    post("updatecomment", admin(newTenant()), "id", Long.toString(id), "body", "b"),
                    404,
                    "Comment " + id + " was not found");
        }
    }

    @Nested
    class Comments {

        @Test
        void answers400And404AndHidesOtherUsersAndTenantsTickets() {
            comment(regular(tenant), "body", "mine");
            assertError(get("Comments", regular(tenant)), 400, "Parameter 'id' is required");
            assertError(get("Comments?id=999999999", regular(tenant)), 404, "Ticket 999999999 was not found");
            assertError(
                    get("Comments?id=" + ticket, bearer(tenant, 555, "user")),
                    404,
                    "Ticket " + ticket + " was not found");
            assertError(get("Comments?id=" + ticket, admin(newTenant())), 404, "Ticket " + ticket + " was not found");
        }
    }

    @Nested
    class CommentTemplates {

        @Test
        void listsTheTenantsCannedResponsesWithTheSeedsFields() {
            assertThat(body(get("CommentTemplates", technician(tenant))
                            .expectStatus()
                            .isOk()))
                    .isEqualTo("[]");
            long id = Long.parseLong(body(post(
                            "CreateCommentTemplate",
                            admin(tenant),
                            "name",
                            "Which app??",
                            "body",
                            "Could you please tell me, what app are you talking about exactly?")
                    .expectStatus()
                    .isOk()));
            String list = body(get("CommentTemplates", technician(tenant)));
            assertThat(list)
                    .isEqualTo("[{\"TemplateId\":" + id
                            + ",\"Body\":\"Could you please tell me, what app are you talking about exactly?\","
                            + "\"Name\":\"Which app??\"}]");
            assertThat(body(get("CommentTemplates", admin(newTenant())))).isEqualTo("[]");
            assertError(
                    post("CreateCommentTemplate", technician(tenant), "name", "n", "body", "b"),
                    403,
                    "Creating comment templates requires administrator permissions");
            assertError(post("CreateCommentTemplate", admin(tenant), "body", "b"), 400, "Parameter 'name' is required");
        }
    }
}

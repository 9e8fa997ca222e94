package dev.relaydesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Tickets (filters, modes, paging, visibility), Stats and Search. */
class TicketListMethodsTest extends TicketApiTestSupport {

    String tenant = newTenant();
    long cat;
    long other;

    @BeforeEach
    void setUp() {
        people(tenant);
        cat = category(tenant, "name", "General", "sectionName", "Support");
        other = category(tenant, "name", "Billing");
    }

    static List<Long> ids(String json) {
        Matcher m = Pattern.compile("\"IssueID\":(\\d+)").matcher(json);
        List<Long> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    @Nested
    class Tickets {

        @Test
        void listsWithTheSeedsFieldsNewestFirst() {
            publish(
                    "user.companies",
                    tenant,
                    77,
                    "relaydesk.company.created.v1",
                    "{\"companyId\":77,\"name\":\"Empire\"}");
            long first = ticket(tenant, regular(tenant), cat, "first");
            long second = ticket(tenant, regular(tenant), other, "second", "origin", "1");
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> body(get("Tickets", admin(tenant))).contains("\"CompanyName\":\"Empire\""));
            String list = body(get("Tickets", admin(tenant)).expectStatus().isOk());
            assertThat(ids(list)).containsExactly(second, first);
            assertThat(fieldNames(list.substring(1, list.indexOf('}') + 1)))
                    .containsExactly(
                            "IssueID",
                            "Priority",
                            "StatusID",
                            "IssueDate",
                            "Subject",
                            "Status",
                            "UpdatedByUser",
                            "UpdatedByPerformer",
                            "CategoryID",
                            "UserName",
                            "Technician",
                            "FirstName",
                            "LastName",
                            "DueDate",
                            "TechFirstName",
                            "TechLastName",
                            "LastUpdated",
                            "UpdatedForTechView",
                            "UserID",
                            "CompanyID",
                            "CompanyName",
                            "AssignedToUserID",
                            "ResolvedDate",
                            "SectionID",
                            "Category",
                            "Origin",
                            "Email",
                            "HasChildren",
                            "LastUpdatedByUserID",
                            "LastUpdatedUsername",
                            "StartDate");
            assertThat(list)
                    .contains(
                            "\"Subject\":\"second\",\"Status\":\"New\"",
                            "\"UserName\":\"user\",\"Technician\":null,\"FirstName\":\"Fuser\",\"LastName\":\"Luser\"",
                            "\"UserID\":" + USER
                                    + ",\"CompanyID\":77,\"CompanyName\":\"Empire\",\"AssignedToUserID\":null",
                            "\"Category\":\"Billing\",\"Origin\":\"Email\",\"Email\":\"user@example.com\",\"HasChildren\":false",
                            "\"Origin\":\"API\"");
            assertThat(body(get("Tickets", admin(newTenant())))).isEqualTo("[]");
        }

        @Test
        void pagesWithoutOverlapOrGapsDefaultingToTenAndCappingAt300() {
            List<Long> created = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                created.add(ticket(tenant, regular(tenant), cat, "t" + i));
            }
            List<Long> page1 = ids(body(get("Tickets", admin(tenant))));
            assertThat(page1).hasSize(10);
            List<Long> page2 = ids(body(get("Tickets?count=5&offset=10", admin(tenant))));
            assertThat(page2).hasSize(2);
            List<Long> all = new ArrayList<>(page1);
            all.addAll(page2);
            assertThat(all).containsExactlyElementsOf(created.reversed());
            assertThat(ids(body(get("Tickets?count=5000", admin(tenant))))).hasSize(12);
            assertError(get("Tickets?count=0", admin(tenant)), 400, "Parameter 'count' must be at least 1");
            assertError(get("Tickets?offset=-1", admin(tenant)), 400, "Parameter 'offset' must not be negative");
            assertError(get("Tickets?count=x", admin(tenant)), 400, "Parameter 'count' must be an integer");
        }

        @Test
        void filtersByEveryParameter() throws Exception {
            long a = ticket(tenant, regular(tenant), cat, "a", "tags", "red");
            long b = ticket(tenant, technician(tenant), other, "b", "assignedToUserId", Long.toString(TECH));
            long c = ticket(tenant, admin(tenant), other, "c");
            long status = Long.parseLong(body(post("CreateStatus", admin(tenant), "name", "Waiting")));
            post(
                            "UpdateTicket",
                            admin(tenant),
                            "id",
                            Long.toString(c),
                            "statusId",
                            Long.toString(status),
                            "dueDate",
                            "2000-01-01")
                    .expectStatus()
                    .isOk();
            post("Close", admin(tenant), "id", Long.toString(a)).expectStatus().isOk();
            String sectionId = sql("select id from sections where tenant_id = '" + tenant + "'");
            String auth = admin(tenant);
            assertThat(ids(body(get("Tickets?categoryId=" + cat + "&categoryId=" + other, auth))))
                    .containsExactlyInAnyOrder(a, b, c);
            assertThat(ids(body(get("Tickets?categoryId=" + other, auth)))).containsExactlyInAnyOrder(b, c);
            assertThat(ids(body(get("Tickets?sectionId=" + sectionId, auth)))).containsExactly(a);
            assertThat(ids(body(get("Tickets?statusId=3&statusId=" + status, auth))))
                    .containsExactlyInAnyOrder(a, c);
            assertThat(ids(body(get("Tickets?fromUserId=" + USER, auth)))).containsExactly(a);
            assertThat(ids(body(get("Tickets?fromCompanyId=77", auth)))).containsExactly(a);
            assertThat(ids(body(get("Tickets?handledByUserID=" + TECH, auth)))).containsExactly(b);
            assertThat(ids(body(get("Tickets?tagName=RED", auth)))).containsExactly(a);
            assertThat(ids(body(get("Tickets?dateFrom=2000-01-01&dateTo=2999-01-01", auth))))
                    .hasSize(3);
            assertThat(ids(body(get("Tickets?dateTo=2000-01-01", auth)))).isEmpty();
            assertThat(ids(body(get("Tickets?updatedFrom=2999-01-01", auth)))).isEmpty();
            assertThat(ids(body(get("Tickets?updatedTo=2999-01-01", auth)))).hasSize(3);
            assertThat(ids(body(get("Tickets?dueInDays=3", auth)))).containsExactly(c);
            assertThat(ids(body(get("Tickets?mode=unclosed", auth)))).containsExactlyInAnyOrder(b, c);
            assertThat(ids(body(get("Tickets?mode=handledbyme", technician(tenant)))))
                    .containsExactly(b);
            assertThat(ids(body(get("Tickets?mode=unanswered", auth)))).containsExactlyInAnyOrder(b, c);
            assertThat(ids(body(get("Tickets?subscribedOnly=true", regular(tenant)))))
                    .containsExactly(a);
            assertError(
                    get("Tickets?mode=some", auth),
                    400,
                    "Parameter 'mode' must be all, unanswered, unclosed or handledbyme");
            assertError(
                    get("Tickets?dateFrom=yesterday", auth),
                    400,
                    "Parameter 'dateFrom' must be a date (YYYY-MM-DD) or an ISO date-time");
            assertError(get("Tickets?categoryId=x", auth), 400, "Parameter 'categoryId' must be an integer");
        }

        @Test
        void includeCustomFieldsAddsTheValues() {
            long field = Long.parseLong(
                    body(post("CreateCustomField", admin(tenant), "type", "1", "name", "Serial", "fieldType", "1")));
            ticket(tenant, regular(tenant), cat, "cf", "customFields", "{\"" + field + "\":\"SN\"}");
            assertThat(body(get("Tickets", admin(tenant)))).doesNotContain("CustomFields");
            assertThat(body(get("Tickets?includeCustomFields=true", admin(tenant))))
                    .contains(
                            "\"CustomFields\":[{\"FieldID\":" + field + ",\"FieldName\":\"Serial\",\"Value\":\"SN\"}]");
        }

        @Test
        void eachRoleSeesOnlyItsTickets() {
            long mine = ticket(tenant, regular(tenant), cat, "mine");
            long billing = ticket(tenant, admin(tenant), other, "billing");
            long assigned = ticket(tenant, admin(tenant), cat, "assigned", "assignedToUserId", Long.toString(TECH));
            assertThat(ids(body(get("Tickets", regular(tenant))))).containsExactly(mine);
            assertThat(ids(body(get("Tickets", technician(tenant))))).containsExactly(assigned);
            techPermission(tenant, TECH, other);
            assertThat(ids(body(get("Tickets", technician(tenant))))).containsExactly(assigned, billing);
            assertThat(ids(body(get("Tickets", admin(tenant))))).containsExactly(assigned, billing, mine);
        }
    }

    @Nested
    class TicketSettings {

        @Test
        void whenTheTenantEnablesItRegularUsersAlsoSeeTheirCompanysTickets() {
            long colleague = 900_000_010L, outsider = 900_000_011L;
            user(tenant, colleague, "colleague", false, false, 77L);
            user(tenant, outsider, "outsider", false, false, 78L);
            long colleagues = ticket(tenant, bearer(tenant, colleague, "user"), cat, "colleague's");
            long outsiders = ticket(tenant, bearer(tenant, outsider, "user"), cat, "outsider's");
            long mine = ticket(tenant, regular(tenant), cat, "mine");

            assertThat(body(get("TicketSettings", regular(tenant)))).isEqualTo("{\"CompanyTicketsVisible\":false}");
            assertThat(ids(body(get("Tickets", regular(tenant))))).containsExactly(mine);
            get("Ticket?id=" + colleagues, regular(tenant)).expectStatus().isNotFound();

            assertError(
                    post("TicketSettings", regular(tenant), "companyTicketsVisible", "true"),
                    403,
                    "Requires helpdesk-administrator permissions");
            assertError(
                    post("TicketSettings", admin(tenant), "companyTicketsVisible", "sometimes"),
                    400,
                    "Parameter 'companyTicketsVisible' must be true or false");
            assertThat(body(post("TicketSettings", admin(tenant), "companyTicketsVisible", "true")))
                    .isEqualTo("{\"CompanyTicketsVisible\":true}");

            assertThat(ids(body(get("Tickets", regular(tenant))))).containsExactlyInAnyOrder(mine, colleagues);
            get("Ticket?id=" + colleagues, regular(tenant)).expectStatus().isOk();
            get("Ticket?id=" + outsiders, regular(tenant)).expectStatus().isNotFound();
            // another tenant's setting is its own
            assertThat(body(get("TicketSettings", admin(newTenant())))).isEqualTo("{\"CompanyTicketsVisible\":false}");
        }
    }

    @Nested
    class Stats {

        @Test
        void answersBothShapesOverTheVisibleTickets() {
            long a = ticket(tenant, regular(tenant), cat, "a");
            long b = ticket(tenant, technician(tenant), cat, "b", "assignedToUserId", Long.toString(TECH));
            ticket(tenant, admin(tenant), cat, "c");
            post("Close", admin(tenant), "id", Long.toString(a)).expectStatus().isOk();
            post("UpdateTicket", admin(tenant), "id", Long.toString(b), "statusId", "2")
                    .expectStatus()
                    .isOk();
            assertThat(body(get("Stats?forCurrentUser=false", technician(tenant))
                            .expectStatus()
                            .isOk()))
                    .isEqualTo("{\"TotalTickets\":1,\"Closed\":0,\"InProcess\":1,\"NewTickets\":0,\"Unanswered\":0,"
                            + "\"Unassigned\":0,\"Unclosed\":1,\"HandledByMe\":1}");
            assertThat(body(get("Stats", admin(tenant))))
                    .isEqualTo("{\"TotalTickets\":3,\"Closed\":1,\"InProcess\":1,\"NewTickets\":1,\"Unanswered\":1,"
                            + "\"Unassigned\":1,\"Unclosed\":2,\"HandledByMe\":0}");
            assertThat(body(get("Stats?forCurrentUser=true", regular(tenant))))
                    .isEqualTo("{\"NewTickets\":0,\"Unanswered\":0,\"Unassigned\":0,\"Unclosed\":0,\"HandledByMe\":0,"
                            + "\"SubmittedByMe\":1,\"InProcess\":0}");
            assertThat(body(get("Stats", admin(newTenant())))).startsWith("{\"TotalTickets\":0,");
            assertError(
                    get("Stats?forCurrentUser=maybe", admin(tenant)),
                    400,
                    "Parameter 'forCurrentUser' must be true or false");
        }
    }

    @Nested
    class Search {

        @Test
        void findsByStemPrefixAndSubstringRankingSubjectFirst() {
            long inBody = ticket(tenant, regular(tenant), cat, "Something else", "tags", "x");
            post("UpdateTicket", admin(tenant), "id", Long.toString(inBody), "body", "<p>The printers are burning</p>")
                    .expectStatus()
                    .isOk();
            long inSubject = ticket(tenant, regular(tenant), cat, "Printer burning");
            ticket(tenant, regular(tenant), cat, "Unrelated");
            assertThat(ids(body(get("Search?query=printing", admin(tenant))
                            .expectStatus()
                            .isOk())))
                    .containsExactly(inSubject, inBody);
            assertThat(ids(body(get("Search?query=burn", admin(tenant))))).containsExactly(inSubject, inBody);
            assertThat(ids(body(get("Search?query=print", admin(tenant))))).containsExactly(inSubject, inBody);
            assertThat(ids(body(get("Search?query=printer%20-burning", admin(tenant)))))
                    .isEmpty();
            assertThat(ids(body(get("Search?query=printer&statusId=3", admin(tenant)))))
                    .isEmpty();
            assertThat(ids(body(get("Search?query=printer&categoryId=" + other, admin(tenant)))))
                    .isEmpty();
            assertThat(ids(body(
                            get("Search?query=printer&fromUserId=" + USER + "&dateFrom=2000-01-01", admin(tenant)))))
                    .hasSize(2);
            assertThat(ids(body(get("Search?query=printer&assignedToUserId=" + TECH, admin(tenant)))))
                    .isEmpty();
            assertThat(ids(body(get("Search?query=printer", bearer(tenant, 555, "user")))))
                    .isEmpty();
            assertThat(ids(body(get("Search?query=printer", admin(newTenant())))))
                    .isEmpty();
            assertError(get("Search", admin(tenant)), 400, "Parameter 'query' is required");
            assertError(
                    get("Search?query=x&dateTo=never", admin(tenant)),
                    400,
                    "Parameter 'dateTo' must be a date (YYYY-MM-DD) or an ISO date-time");
        }

        @Test
        void pagesWithCountAndOffsetWithoutOverlap() {
            List<Long> created = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                created.add(ticket(tenant, regular(tenant), cat, "alpha report " + i));
            }
            List<Long> page1 = ids(body(get("Search?query=alpha&count=3", admin(tenant))));
            List<Long> page2 = ids(body(get("Search?query=alpha&count=3&offset=3", admin(tenant))));
            assertThat(page1).hasSize(3);
            assertThat(page2).hasSize(2).doesNotContainAnyElementsOf(page1);
            List<Long> all = new ArrayList<>(page1);
            all.addAll(page2);
            assertThat(all).containsExactlyInAnyOrderElementsOf(created);
        }

        @Test
        void findsTheCallersMatchesEvenWhenBetterRankedMatchesBelongToOthers() throws Exception {
            long mine = ticket(tenant, regular(tenant), cat, "Quarterly report", "tags", "x");
            post("UpdateTicket", admin(tenant), "id", Long.toString(mine), "body", "mentions zeta once")
                    .expectStatus()
                    .isOk();
            execute("insert into tickets (tenant_id, subject, body, category_id, submitter_id, created_by)"
                    + " select '" + newTenant() + "', 'zeta zeta zeta', 'zeta', " + cat + ", 1, 1"
                    + " from generate_series(1, 150)");
            assertThat(ids(body(get("Search?query=zeta&count=1", admin(tenant)))))
                    .containsExactly(mine);
            assertThat(ids(body(get("Search?query=zeta", regular(tenant))))).containsExactly(mine);
        }

        @Test
        void anotherTenantsManyMatchesNeitherCountNorRankForTheCaller() throws Exception {
            long bodyOnly = ticket(tenant, regular(tenant), cat, "Something", "tags", "x");
            long inSubject = ticket(tenant, regular(tenant), cat, "Omega failure");
            post("UpdateTicket", admin(tenant), "id", Long.toString(bodyOnly), "body", "omega mentioned")
                    .expectStatus()
                    .isOk();
            // More matches than the ranking cap, all in another tenant: counted across tenants they would switch the
            // caller's search to the unranked (most recent first) fallback.
            String crowd = newTenant();
            execute("insert into tickets (tenant_id, subject, body, category_id, submitter_id, created_by)"
                    + " select '" + crowd + "', 'omega omega', 'omega', " + cat + ", 1, 1"
                    + " from generate_series(1, 5100)");
            assertThat(ids(body(get("Search?query=omega", admin(tenant))
                            .expectStatus()
                            .isOk())))
                    .containsExactly(inSubject, bodyOnly);
            assertThat(sql("select count(*) from ticket_search where tenant_id = '" + crowd + "'"))
                    .isEqualTo("5100");
            assertThat(sql("select count(*) from ticket_search x join tickets t on t.id = x.ticket_id"
                            + " where x.tenant_id <> t.tenant_id"))
                    .isEqualTo("0");
            assertThat(sql("select obj_description('ticket_search'::regclass, 'pg_class')"))
                    .startsWith("relaydesk:no-rls ");
        }
    }
}

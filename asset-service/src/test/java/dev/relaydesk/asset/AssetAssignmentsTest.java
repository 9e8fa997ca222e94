package dev.relaydesk.asset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code AssignAssetToUser}, {@code UnAssignAssetToUser}, {@code AddAssetToTicket}, {@code RemoveAssetFromTicket}, and
 * how the user and ticket read models (fed by user-service's and ticket-service's events) move or drop them.
 */
class AssetAssignmentsTest extends AssetTestSupport {

    void assign(long asset, long user) {
        post("AssignAssetToUser", technician(tenant), "assetId", Long.toString(asset), "userId", Long.toString(user))
                .expectStatus()
                .isOk();
    }

    void link(long asset, long ticket) {
        post("AddAssetToTicket", technician(tenant), "assetId", Long.toString(asset), "ticketID", Long.toString(ticket))
                .expectStatus()
                .isOk();
    }

    @Nested
    class AssigningToUsers {

        @Test
        void assignedUsersAreShownFromTheUserReadModelAndFilterTheList() {
            userCreated(11, "max", "Max", "Power", null, null);
            userCreated(12, "ann", "", "", null, null);
            long laptop = createAsset("modelName", "Laptop");
            long phone = createAsset("modelName", "Phone");
            assign(laptop, 11);
            assign(laptop, 12);
            assign(laptop, 12);
            String json = asset(laptop);
            assertThat(json)
                    .startsWith("{\"Tickets\":[],\"AssignedUsers\":[{\"UserID\":11,\"Username\":\"max\","
                            + "\"Email\":\"max@example.com\",\"FirstName\":\"Max\",\"LastName\":\"Power\","
                            + "\"FullName\":\"Max Power\"},{\"UserID\":12,\"Username\":\"ann\","
                            + "\"Email\":\"ann@example.com\",\"FirstName\":\"\",\"LastName\":\"\","
                            + "\"FullName\":\"ann\"}],");
            assertThat(assets("")).contains("\"AssignedUsers\":[{\"UserID\":11,");
            assertThat(itemIds(assets("?assignedToUserId=12"))).containsExactly(laptop);
            assertThat(itemIds(assets("?assignedToUserId=13"))).isEmpty();
            assertThat(itemIds(assets(""))).containsExactly(laptop, phone);
            assertThat(event(ASSETS, tenant, laptop, "relaydesk.asset.assigned-to-user.v1", "\"userId\":11"))
                    .contains("\"assetId\":" + laptop, "\"actorUserId\":900000002", "\"occurredAt\":");
        }

        @Test
        void unassigningRemovesTheUserAndPublishesTheChange() {
            userCreated(21, "bob", "Bob", "Builder", null, null);
            long asset = createAsset();
            assign(asset, 21);
            post("UnAssignAssetToUser", admin(tenant), "assetId", Long.toString(asset), "userId", "21")
                    .expectStatus()
                    .isOk();
            assertThat(asset(asset)).contains("\"AssignedUsers\":[]");
            assertThat(itemIds(assets("?assignedToUserId=21"))).isEmpty();
            assertThat(event(ASSETS, tenant, asset, "relaydesk.asset.unassigned-from-user.v1"))
                    .contains("\"assetId\":" + asset, "\"userId\":21", "\"actorUserId\":900000001");
            post("UnAssignAssetToUser", admin(tenant), "assetId", Long.toString(asset), "userId", "21")
                    .expectStatus()
                    .isOk();
        }

        @Test
        void companyAndDepartmentFiltersUseTheAssignedUsersAndTheAssetsCompany() {
            companyCreated(5, "Initech");
            userCreated(31, "peter", "Peter", "Gibbons", 5L, 8L);
            userCreated(32, "milton", "Milton", "Waddams", null, 9L);
            long peters = createAsset("modelName", "Peters");
            long miltons = createAsset("modelName", "Miltons");
            long companys = createAsset("modelName", "Companys", "companyId", "5");
            createAsset("modelName", "Nobodys");
            assign(peters, 31);
            assign(miltons, 32);
            assertThat(itemIds(assets("?assignedToCompanyId=5"))).containsExactly(peters, companys);
            assertThat(itemIds(assets("?assignedToDepartmentId=9"))).containsExactly(miltons);
            assertThat(itemIds(assets("?assignedToDepartmentId=8&assignedToCompanyId=5")))
                    .containsExactly(peters);
        }

        @Test
        void unknownUsersAndAssetsAreNotFoundAndParametersAreNamed() {
            userCreated(41, "carol", "Carol", "C", null, null);
            long asset = createAsset();
            for (String method : List.of("AssignAssetToUser", "UnAssignAssetToUser")) {
                assertError(
                        post(method, admin(tenant), "assetId", Long.toString(asset), "userId", "424242"),
                        404,
                        "User 424242 was not found");
                assertError(
                        post(method, admin(tenant), "assetId", "999999999", "userId", "41"),
                        404,
                        "Asset 999999999 was not found");
                assertError(
                        post(method, admin(tenant), "assetId", Long.toString(asset)),
                        400,
                        "Parameter 'userId' is required");
                assertError(post(method, admin(tenant), "userId", "41"), 400, "Parameter 'assetId' is required");
                assertError(
                        post(method, regular(tenant), "assetId", Long.toString(asset), "userId", "41"),
                        403,
                        "Requires helpdesk-administrator or technician permissions");
                assertError(
                        post(method, admin(newTenant()), "assetId", Long.toString(asset), "userId", "41"),
                        404,
                        "Asset " + asset + " was not found");
            }
            assertThat(asset(asset)).contains("\"AssignedUsers\":[]");
        }

        @Test
        void aUserOfAnotherTenantCannotBeAssigned() {
            long asset = createAsset();
            String other = newTenant();
            userEvent(other, "relaydesk.user.created.v1", 51, "eve", "Eve", "E", null, null);
            assertError(
                    post("AssignAssetToUser", admin(tenant), "assetId", Long.toString(asset), "userId", "51"),
                    404,
                    "User 51 was not found");
        }
    }

    @Nested
    class UserReadModel {

        @Test
        void aMergedUsersAssignmentsMoveToTheKeptUser() {
            userCreated(61, "old", "Old", "Account", null, null);
            userCreated(62, "new", "New", "Account", null, null);
            long both = createAsset("modelName", "Both");
            long onlyOld = createAsset("modelName", "OnlyOld");
            assign(both, 61);
            assign(both, 62);
            assign(onlyOld, 61);
            usersMerged(61, 62);
            awaitNoRow("select 1 from asset_users where tenant_id = ? and user_id = 61");
            assertThat(itemIds(assets("?assignedToUserId=62"))).containsExactly(both, onlyOld);
            assertThat(itemIds(assets("?assignedToUserId=61"))).isEmpty();
            assertThat(asset(both))
                    .contains("\"AssignedUsers\":[{\"UserID\":62,")
                    .doesNotContain("\"UserID\":61");
            assertThat(event(ASSETS, tenant, onlyOld, "relaydesk.asset.unassigned-from-user.v1", "\"userId\":61"))
                    .contains("\"actorUserId\":null");
            assertThat(event(ASSETS, tenant, onlyOld, "relaydesk.asset.assigned-to-user.v1", "\"userId\":62"))
                    .contains("\"actorUserId\":null");
            assertError(
                    post("AssignAssetToUser", admin(tenant), "assetId", Long.toString(both), "userId", "61"),
                    404,
                    "User 61 was not found");
        }

        @Test
        void aDeletedUsersAssignmentsAreDropped() {
            userCreated(71, "gone", "Gone", "Soon", null, null);
            userCreated(72, "stays", "Stays", "Here", null, null);
            long asset = createAsset();
            assign(asset, 71);
            assign(asset, 72);
            userDeleted(71);
            awaitNoRow("select 1 from asset_users where tenant_id = ? and user_id = 71");
            assertThat(asset(asset))
                    .contains("\"AssignedUsers\":[{\"UserID\":72,")
                    .doesNotContain("\"UserID\":71");
            assertThat(event(ASSETS, tenant, asset, "relaydesk.asset.unassigned-from-user.v1", "\"userId\":71"))
                    .contains("\"actorUserId\":null");
        }

        @Test
        void anUpdatedUserIsShownAsTheyNowAre() {
            userCreated(81, "dave", "Dave", "Old", null, null);
            long asset = createAsset();
            assign(asset, 81);
            userUpdated(81, "david", "David", "New");
            assertThat(asset(asset))
                    .contains("{\"UserID\":81,\"Username\":\"david\",\"Email\":\"david@example.com\","
                            + "\"FirstName\":\"David\",\"LastName\":\"New\",\"FullName\":\"David New\"}");
        }
    }

    @Nested
    class LinkingToTickets {

        @Test
        void linkedTicketsAreShownFromTheTicketReadModelCountedAndFilterTheList() {
            ticketCreated(101, "Printer on fire");
            ticketCreated(102, "Screen flickers");
            long asset = createAsset("modelName", "Linked");
            long other = createAsset("modelName", "Unlinked");
            link(asset, 102);
            link(asset, 101);
            link(asset, 101);
            String json = asset(asset);
            assertThat(json)
                    .startsWith("{\"Tickets\":[{\"TicketID\":101,\"Subject\":\"Printer on fire\",\"StatusID\":1},"
                            + "{\"TicketID\":102,\"Subject\":\"Screen flickers\",\"StatusID\":1}],")
                    .contains("\"TicketCount\":2");
            String list = assets("");
            assertThat(list)
                    .contains("\"Tickets\":null")
                    .contains("\"TicketCount\":2")
                    .contains("\"TicketCount\":0");
            assertThat(itemIds(assets("?assignedToTicketId=101"))).containsExactly(asset);
            assertThat(itemIds(assets(""))).containsExactly(asset, other);
            assertThat(event(ASSETS, tenant, asset, "relaydesk.asset.linked-to-ticket.v1", "\"ticketId\":101"))
                    .contains("\"assetId\":" + asset, "\"actorUserId\":900000002", "\"occurredAt\":");
        }

        @Test
        void removingALinkPublishesTheChange() {
            ticketCreated(111, "Keyboard");
            long asset = createAsset();
            link(asset, 111);
            post("RemoveAssetFromTicket", admin(tenant), "assetId", Long.toString(asset), "ticketId", "111")
                    .expectStatus()
                    .isOk();
            assertThat(asset(asset)).startsWith("{\"Tickets\":[],").contains("\"TicketCount\":0");
            assertThat(event(ASSETS, tenant, asset, "relaydesk.asset.unlinked-from-ticket.v1"))
                    .contains("\"assetId\":" + asset, "\"ticketId\":111", "\"actorUserId\":900000001");
        }

        @Test
        void unknownTicketsAndAssetsAreNotFoundAndParametersAreNamed() {
            ticketCreated(121, "Mouse");
            long asset = createAsset();
            for (String method : List.of("AddAssetToTicket", "RemoveAssetFromTicket")) {
                assertError(
                        post(method, admin(tenant), "assetId", Long.toString(asset), "ticketID", "424242"),
                        404,
                        "Ticket 424242 was not found");
                assertError(
                        post(method, admin(tenant), "assetId", "999999999", "ticketID", "121"),
                        404,
                        "Asset 999999999 was not found");
                assertError(
                        post(method, admin(tenant), "assetId", Long.toString(asset)),
                        400,
                        "Parameter 'ticketID' is required");
                assertError(
                        post(method, admin(tenant), "assetId", Long.toString(asset), "ticketID", "x"),
                        400,
                        "Parameter 'ticketID' must be an integer");
                assertError(
                        post(method, regular(tenant), "assetId", Long.toString(asset), "ticketID", "121"),
                        403,
                        "Requires helpdesk-administrator or technician permissions");
                assertError(
                        post(method, admin(newTenant()), "assetId", Long.toString(asset), "ticketID", "121"),
                        404,
                        "Asset " + asset + " was not found");
            }
        }
    }

    @Nested
    class TicketReadModel {

        @Test
        void aMergedTicketsLinksFollowTheKeptTicket() {
            ticketCreated(201, "Duplicate");
            ticketCreated(202, "Original");
            long asset = createAsset();
            link(asset, 201);
            ticketEvent("relaydesk.ticket.merged.v1", 202, "Original", 2, ",\"fromTicketId\":201,\"intoTicketId\":202");
            awaitRow("select 1 from asset_tickets where tenant_id = ? and ticket_id = 202");
            assertThat(asset(asset))
                    .startsWith("{\"Tickets\":[{\"TicketID\":202,\"Subject\":\"Original\",\"StatusID\":2}],")
                    .contains("\"TicketCount\":1");
            assertThat(itemIds(assets("?assignedToTicketId=201"))).isEmpty();
            assertThat(itemIds(assets("?assignedToTicketId=202"))).containsExactly(asset);
            assertThat(event(ASSETS, tenant, asset, "relaydesk.asset.unlinked-from-ticket.v1", "\"ticketId\":201"))
                    .contains("\"actorUserId\":null");
            assertThat(event(ASSETS, tenant, asset, "relaydesk.asset.linked-to-ticket.v1", "\"ticketId\":202"))
                    .contains("\"actorUserId\":null");
            assertError(
                    post("AddAssetToTicket", admin(tenant), "assetId", Long.toString(asset), "ticketID", "201"),
                    404,
                    "Ticket 201 was not found");
        }

        @Test
        void aDeletedTicketsLinksAreDroppedAndTicketChangesAreShown() {
            ticketCreated(301, "Will be deleted");
            ticketCreated(302, "Stays");
            long asset = createAsset();
            link(asset, 301);
            link(asset, 302);
            ticketEvent(
                    "relaydesk.ticket.updated.v1",
                    302,
                    "Stays, renamed",
                    3,
                    ",\"changes\":[{\"field\":\"subject\",\"oldValue\":\"Stays\",\"newValue\":\"Stays, renamed\"}]");
            ticketEvent("relaydesk.ticket.deleted.v1", 301, "Will be deleted", 1, "");
            awaitNoRow("select 1 from asset_tickets where tenant_id = ? and ticket_id = 301");
            awaitRow("select 1 from ticket_view where tenant_id = ? and ticket_id = 302 and status_id = 3");
            assertThat(asset(asset))
                    .startsWith("{\"Tickets\":[{\"TicketID\":302,\"Subject\":\"Stays, renamed\",\"StatusID\":3}],")
                    .contains("\"TicketCount\":1");
            assertThat(event(ASSETS, tenant, asset, "relaydesk.asset.unlinked-from-ticket.v1", "\"ticketId\":301"))
                    .contains("\"actorUserId\":null");
        }
    }
}

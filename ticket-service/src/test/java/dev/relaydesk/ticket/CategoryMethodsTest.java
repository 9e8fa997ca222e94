package dev.relaydesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Categories, sections, statuses, technicians per category and ticket custom field definitions. */
class CategoryMethodsTest extends TicketApiTestSupport {

    String tenant = newTenant();

    @Nested
    class CreateCategoryAndCategories {

        @Test
        void createsACategoryInASectionAndListsItWithTheSeedsFields() {
            long id = Long.parseLong(body(
                    post("CreateCategory", admin(tenant), "name", "Printers", "sectionName", "Hardware", "notes", "n")
                            .expectStatus()
                            .isOk()));
            String list = body(get("Categories", regular(tenant)).expectStatus().isOk());
            assertThat(fieldNames(list))
                    .containsExactly(
                            "CategoryID",
                            "Name",
                            "SectionID",
                            "Section",
                            "NameWithSection",
                            "ForTechsOnly",
                            "FromAddress");
            assertThat(list)
                    .startsWith("[{\"CategoryID\":" + id + ",\"Name\":\"Printers\",\"SectionID\":")
                    .contains("\"Section\":\"Hardware\",\"NameWithSection\":\"Hardware - Printers\"")
                    .endsWith("\"ForTechsOnly\":false,\"FromAddress\":null}]");
            assertThat(event(
                            "ticket.categories",
                            tenant,
                            id,
                            "relaydesk.category.created.v1",
                            "\"name\":\"Printers\"",
                            "\"sectionName\":\"Hardware\"",
                            "\"kbOnly\":false",
                            "\"forTechsOnly\":false",
                            "\"notes\":\"n\""))
                    .contains("\"categoryId\":" + id, "\"sectionId\":", "\"occurredAt\":");
        }

        @Test
        void techOnlyAndKbOnlyCategoriesAreHiddenFromWhoMayNotUseThem() {
            category(tenant, "name", "Open");
            category(tenant, "name", "Techs", "forTechsOnly", "true");
            category(tenant, "name", "Kb", "kbOnly", "true");
            assertThat(body(get("Categories", regular(tenant))))
                    .contains("\"Open\"")
                    .doesNotContain("\"Techs\"", "\"Kb\"");
            assertThat(body(get("Categories", technician(tenant))))
                    .contains("\"Open\"", "\"Techs\"")
                    .doesNotContain("\"Kb\"");
            assertThat(body(get("Categories", admin(tenant)))).contains("\"Open\"", "\"Techs\"", "\"Kb\"");
            assertThat(body(get("Categories", admin(newTenant())))).isEqualTo("[]");
        }

        @Test
        void creatingNeedsANameAnExistingSectionAndAnAdministrator() {
            assertError(post("CreateCategory", admin(tenant)), 400, "Parameter 'name' is required");
            assertError(
                    post("CreateCategory", admin(tenant), "name", "X", "sectionId", "999999"),
                    404,
                    "Section 999999 was not found");
            assertError(
                    post("CreateCategory", technician(tenant), "name", "X"),
                    403,
                    "Requires helpdesk-administrator permissions");
            category(tenant, "name", "Dup");
            post("CreateCategory", admin(tenant), "name", "dup").expectStatus().isEqualTo(409);
        }

        @Test
        void updateCategoryChangesItAndPublishesUpdated() {
            long id = category(tenant, "name", "Old", "sectionName", "S1");
            post(
                            "UpdateCategory",
                            admin(tenant),
                            "id",
                            Long.toString(id),
                            "name",
                            "New",
                            "sectionId",
                            "0",
                            "forTechsOnly",
                            "true")
                    .expectStatus()
                    .isOk();
            assertThat(body(get("Categories", technician(tenant))))
                    .contains(
                            "\"Name\":\"New\",\"SectionID\":null,\"Section\":null,\"NameWithSection\":\"New\",\"ForTechsOnly\":true");
            event(
                    "ticket.categories",
                    tenant,
                    id,
                    "relaydesk.category.updated.v1",
                    "\"name\":\"New\"",
                    "\"sectionId\":null",
                    "\"forTechsOnly\":true");
            assertError(post("UpdateCategory", admin(tenant)), 400, "Parameter 'id' is required");
            assertError(
                    post("UpdateCategory", admin(tenant), "id", "999999", "name", "x"),
                    404,
                    "Category 999999 was not found");
            post("UpdateCategory", technician(tenant), "id", Long.toString(id), "name", "x")
                    .expectStatus()
                    .isForbidden();
            post("UpdateCategory", admin(newTenant()), "id", Long.toString(id), "name", "x")
                    .expectStatus()
                    .isNotFound();
        }

        @Test
        void deleteCategoryHidesItAndPublishesDeleted() {
            long id = category(tenant, "name", "Gone");
            post("DeleteCategory", admin(tenant), "id", Long.toString(id))
                    .expectStatus()
                    .isOk();
            assertThat(body(get("Categories", admin(tenant)))).doesNotContain("Gone");
            event("ticket.categories", tenant, id, "relaydesk.category.deleted.v1", "\"categoryId\":" + id);
            assertError(
                    post("DeleteCategory", admin(tenant), "id", Long.toString(id)),
                    404,
                    "Category " + id + " was not found");
        }
    }

    @Nested
    class TechsForCategory {

        @Test
        void listsAdministratorsAndTheCategorysTechniciansWithTheSeedsFields() {
            people(tenant);
            long cat = category(tenant);
            long other = category(tenant);
            user(tenant, 42, "max", false, true, null);
            techPermission(tenant, TECH, cat);
            techPermission(tenant, 42, other);
            ticket(tenant, admin(tenant), cat, "assigned", "assignedToUserId", Long.toString(TECH));
            String list = body(get("TechsForCategory?id=" + cat, technician(tenant))
                    .expectStatus()
                    .isOk());
            assertThat(fieldNames(list))
                    .startsWith(
                            "UserID",
                            "Username",
                            "FirstName",
                            "LastName",
                            "TicketsAssigned",
                            "FullNameAndLogin",
                            "FullName");
            assertThat(list)
                    .isEqualTo("[{\"UserID\":" + ADMIN + ",\"Username\":\"admin\",\"FirstName\":\"Fadmin\","
                            + "\"LastName\":\"Ladmin\",\"TicketsAssigned\":0,\"FullNameAndLogin\":\"Fadmin Ladmin (admin)\","
                            + "\"FullName\":\"Fadmin Ladmin\"},{\"UserID\":" + TECH + ",\"Username\":\"tech\","
                            + "\"FirstName\":\"Ftech\",\"LastName\":\"Ltech\",\"TicketsAssigned\":1,"
                            + "\"FullNameAndLogin\":\"Ftech Ltech (tech)\",\"FullName\":\"Ftech Ltech\"}]");
        }

        @Test
        void answers400404And403() {
            assertError(get("TechsForCategory", technician(tenant)), 400, "Parameter 'id' is required");
            assertError(get("TechsForCategory?id=999999", technician(tenant)), 404, "Category 999999 was not found");
            long cat = category(tenant);
            get("TechsForCategory?id=" + cat, regular(tenant)).expectStatus().isForbidden();
            get("TechsForCategory?id=" + cat, admin(newTenant())).expectStatus().isNotFound();
        }
    }

    @Nested
    class CustomFieldDefinitions {

        @Test
        void definesFieldsAndListsThemPerCategoryWithTheSeedsFields() {
            long cat = category(tenant);
            long other = category(tenant);
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
                            "Firefox;Chrome",
                            "mandatory",
                            "true")
                    .expectStatus()
                    .isOk()));
            long onlyOther = Long.parseLong(body(post(
                            "CreateCustomField",
                            admin(tenant),
                            "type",
                            "1",
                            "name",
                            "Serial",
                            "fieldType",
                            "1",
                            "categoryIds",
                            Long.toString(other))
                    .expectStatus()
                    .isOk()));
            String forCat = body(get("CustomFieldsForCategory?categoryId=" + cat, regular(tenant))
                    .expectStatus()
                    .isOk());
            assertThat(fieldNames(forCat))
                    .startsWith(
                            "FieldName",
                            "FieldID",
                            "Type",
                            "UsageType",
                            "ForTechsOnly",
                            "Mandatory",
                            "OrderByNumber",
                            "ShowInGrid",
                            "SelectionComboOptions");
            assertThat(forCat)
                    .startsWith("[{\"FieldName\":\"Browser\",\"FieldID\":" + combo + ",\"Type\":3,\"UsageType\":1,"
                            + "\"ForTechsOnly\":false,\"Mandatory\":true,\"OrderByNumber\":1,\"ShowInGrid\":true,"
                            + "\"SelectionComboOptions\":[{\"OptionID\":")
                    .contains("\"Name\":\"Firefox\"", "\"Name\":\"Chrome\"")
                    .doesNotContain("Serial");
            assertThat(body(get("CustomFieldsForCategory?categoryId=" + other, regular(tenant))))
                    .contains("Browser", "\"FieldID\":" + onlyOther);
            assertThat(body(get("CustomFields?type=1", technician(tenant)))).contains("Browser", "Serial");
            assertThat(body(get("CustomFields", technician(newTenant())))).isEqualTo("[]");
        }

        @Test
        void answers400404And403() {
            assertError(get("CustomFieldsForCategory", regular(tenant)), 400, "Parameter 'categoryId' is required");
            assertError(
                    get("CustomFieldsForCategory?categoryId=999999", regular(tenant)),
                    404,
                    "Category 999999 was not found");
            assertError(
                    get("CustomFields?type=3", admin(tenant)),
                    400,
                    "Parameter 'type' must be 1 (tickets); 2 belongs to assets, 3 and 4 to users and companies");
            assertError(
                    post("CreateCustomField", admin(tenant), "type", "1", "fieldType", "1"),
                    400,
                    "Parameter 'name' is required");
            assertError(
                    post("CreateCustomField", admin(tenant), "type", "1", "name", "x", "fieldType", "9"),
                    400,
                    "Parameter 'fieldType' must be 1, 2, 3, 4 or 5");
            assertError(
                    post("CreateCustomField", admin(tenant), "type", "1", "name", "x", "fieldType", "3"),
                    400,
                    "Parameter 'options' is required");
            assertError(
                    post(
                            "CreateCustomField",
                            admin(tenant),
                            "type",
                            "1",
                            "name",
                            "x",
                            "fieldType",
                            "1",
                            "categoryIds",
                            "999999"),
                    404,
                    "Category 999999 was not found");
            post("CreateCustomField", technician(tenant), "type", "1", "name", "x", "fieldType", "1")
                    .expectStatus()
                    .isForbidden();
            long cat = category(tenant, "forTechsOnly", "true");
            get("CustomFieldsForCategory?categoryId=" + cat, regular(tenant))
                    .expectStatus()
                    .isNotFound();
        }
    }

    @Nested
    class StatusesAndCreateStatus {

        @Test
        void builtInStatusesComeFirstAndCustomOnesFollow() {
            long id = Long.parseLong(body(post("CreateStatus", admin(tenant), "name", "On hold")
                    .expectStatus()
                    .isOk()));
            assertThat(id).isGreaterThanOrEqualTo(100);
            assertThat(body(get("Statuses", regular(tenant))))
                    .isEqualTo("[{\"StatusID\":1,\"Name\":\"New\"},{\"StatusID\":2,\"Name\":\"In process\"},"
                            + "{\"StatusID\":3,\"Name\":\"Closed\"},{\"StatusID\":" + id + ",\"Name\":\"On hold\"}]");
            assertThat(body(get("Statuses", regular(newTenant())))).doesNotContain("On hold");
            assertError(post("CreateStatus", admin(tenant)), 400, "Parameter 'name' is required");
            post("CreateStatus", admin(tenant), "name", "closed").expectStatus().isEqualTo(409);
            post("CreateStatus", technician(tenant), "name", "X").expectStatus().isForbidden();
        }
    }
}

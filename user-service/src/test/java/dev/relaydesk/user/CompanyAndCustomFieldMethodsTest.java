package dev.relaydesk.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Companies, departments, user and company custom fields, and category technician permissions. */
class CompanyAndCustomFieldMethodsTest extends ApiTestSupport {

    String tenant = newTenant();

    long company(String name) {
        return Long.parseLong(body(post("Company", admin(tenant), "name", name, "emailDomains", "empire.com;vader.com")
                .expectStatus()
                .isOk()));
    }

    @Nested
    class Companies {

        @Test
        void createsListsAndAnswersTheExistingIdForATakenName() {
            long id = company("Empire");
            assertThat(company("EMPIRE")).isEqualTo(id);
            String list =
                    body(get("Companies", technician(tenant)).expectStatus().isOk());
            assertThat(fieldNames(list)).containsExactly("CompanyID", "Name", "EmailDomain", "Notes");
            assertThat(list)
                    .isEqualTo("[{\"CompanyID\":" + id
                            + ",\"Name\":\"Empire\",\"EmailDomain\":\"empire.com;vader.com\",\"Notes\":null}]");
            assertThat(event("user.companies", tenant, id, "relaydesk.company.created.v1"))
                    .contains("\"name\":\"Empire\"");
            assertThat(body(get("Companies", admin(newTenant())).expectStatus().isOk()))
                    .isEqualTo("[]");
            get("Companies", regular(tenant)).expectStatus().isForbidden();
        }

        @Test
        void creatingNeedsANameAndAnAdministrator() {
            assertError(post("Company", admin(tenant)), 400, "Parameter 'name' is required");
            assertError(
                    post("Company", technician(tenant), "name", "X"),
                    403,
                    "Requires helpdesk-administrator permissions");
        }

        @Test
        void updateCompanyChangesNameNotesAndDomains() {
            long id = company("Rebels");
            post("UpdateCompany", admin(tenant), "id", Long.toString(id), "name", "Alliance", "notes", "good guys")
                    .expectStatus()
                    .isOk();
            assertThat(body(get("Companies", admin(tenant))))
                    .contains(
                            "\"Name\":\"Alliance\"",
                            "\"Notes\":\"good guys\"",
                            "\"EmailDomain\":\"empire.com;vader.com\"");
            assertThat(event("user.companies", tenant, id, "relaydesk.company.updated.v1"))
                    .contains("\"name\":\"Alliance\"");
            assertError(
                    post("UpdateCompany", admin(tenant), "id", "999999999"), 404, "Company 999999999 was not found");
            assertError(post("UpdateCompany", admin(tenant), "id", "one"), 400, "Parameter 'id' must be an integer");
            post("UpdateCompany", technician(tenant), "id", Long.toString(id))
                    .expectStatus()
                    .isForbidden();
            post("UpdateCompany", admin(newTenant()), "id", Long.toString(id), "notes", "x")
                    .expectStatus()
                    .isNotFound();
        }
    }

    @Nested
    class Departments {

        @Test
        void listsDepartmentsWithTheSeedsFields() {
            createUser(tenant, "email", "d@test", "department", "Sales");
            String list =
                    body(get("Departments", technician(tenant)).expectStatus().isOk());
            assertThat(list).matches("\\[\\{\"DepartmentID\":\\d+,\"Name\":\"Sales\"}]");
            get("Departments", regular(tenant)).expectStatus().isForbidden();
            assertThat(body(get("Departments", admin(newTenant())))).isEqualTo("[]");
        }
    }

    @Nested
    class CustomFields {

        long field(String type, String name, String fieldType, String... more) {
            String[] pairs = new String[6 + more.length];
            pairs[0] = "type";
            pairs[1] = type;
            pairs[2] = "name";
            pairs[3] = name;
            pairs[4] = "fieldType";
            pairs[5] = fieldType;
            System.arraycopy(more, 0, pairs, 6, more.length);
            return Long.parseLong(body(post("CreateCustomField", admin(tenant), pairs)
                    .expectStatus()
                    .isOk()));
        }

        @Test
        void userFieldsAreDefinedListedSetAndRead() {
            long status = field("3", "User status", "3", "options", "Trial;Paying Customer");
            long vip = field("3", "VIP", "4");
            field("4", "Company city", "1");
            String definitions = body(get("CustomFields?type=3", technician(tenant))
                    .expectStatus()
                    .isOk());
            assertThat(definitions)
                    .contains("\"FieldName\":\"User status\"", "\"Type\":3", "\"UsageType\":3", "\"FieldName\":\"VIP\"")
                    .doesNotContain("Company city");
            String optionId = definitions.replaceAll("(?s).*\"OptionID\":(\\d+),\"Name\":\"Paying Customer\".*", "$1");
            long user = createUser(tenant, "email", "cf@test");
            post(
                            "SetCustomFieldForUser",
                            admin(tenant),
                            "id",
                            Long.toString(user),
                            "fieldId",
                            Long.toString(status),
                            "value",
                            optionId)
                    .expectStatus()
                    .isOk();
            post(
                            "SetCustomFieldForUser",
                            admin(tenant),
                            "id",
                            Long.toString(user),
                            "fieldId",
                            Long.toString(vip),
                            "value",
                            "TRUE")
                    .expectStatus()
                    .isOk();
            String values = body(get("UserCustomFields?id=" + user, technician(tenant))
                    .expectStatus()
                    .isOk());
            assertThat(fieldNames(values.substring(1, values.indexOf('}') + 1)))
                    .containsExactly("FieldName", "FieldID", "Type", "Value");
            assertThat(values)
                    .contains("{\"FieldName\":\"User status\",\"FieldID\":" + status
                            + ",\"Type\":3,\"Value\":\"Paying Customer\"}")
                    .contains("{\"FieldName\":\"VIP\",\"FieldID\":" + vip + ",\"Type\":4,\"Value\":\"true\"}");
            assertThat(event("user.users", tenant, user, "relaydesk.user.custom-field-set.v1"))
                    .contains("\"fieldId\":");
        }

        @Test
        void badValuesUnknownIdsWrongRolesAndOtherTenants() {
            long vip = field("3", "VIP", "4");
            long user = createUser(tenant, "email", "cf2@test");
            assertError(
                    post(
                            "SetCustomFieldForUser",
                            admin(tenant),
                            "id",
                            Long.toString(user),
                            "fieldId",
                            Long.toString(vip),
                            "value",
                            "yes please"),
                    400,
                    "Parameter 'value' must be true or false for a checkbox");
            assertError(
                    post("SetCustomFieldForUser", admin(tenant), "id", Long.toString(user), "value", "x"),
                    400,
                    "Parameter 'fieldId' is required");
            assertError(
                    post(
                            "SetCustomFieldForUser",
                            admin(tenant),
                            "id",
                            Long.toString(user),
                            "fieldId",
                            "999999999",
                            "value",
                            "x"),
                    404,
                    "Custom field 999999999 was not found");
            assertError(
                    post(
                            "SetCustomFieldForUser",
                            admin(tenant),
                            "id",
                            "999999999",
                            "fieldId",
                            Long.toString(vip),
                            "value",
                            "true"),
                    404,
                    "User 999999999 was not found");
            post(
                            "SetCustomFieldForUser",
                            technician(tenant),
                            "id",
                            Long.toString(user),
                            "fieldId",
                            Long.toString(vip),
                            "value",
                            "true")
                    .expectStatus()
                    .isForbidden();
            get("UserCustomFields?id=" + user, regular(tenant)).expectStatus().isForbidden();
            get("UserCustomFields?id=" + user, admin(newTenant()))
                    .expectStatus()
                    .isNotFound();
            assertThat(body(get("CustomFields?type=3", admin(newTenant())))).isEqualTo("[]");
            assertError(
                    get("CustomFields?type=1", admin(tenant)),
                    400,
                    "Parameter 'type' must be 3 (users) or 4 (companies); 1 and 2 belong to tickets and assets");
            assertError(get("CustomFields", admin(tenant)), 400, "Parameter 'type' is required");
        }

        @Test
        void companyFieldsAreSetAndRead() {
            long city = field("4", "Company city", "1");
            long when = field("4", "Customer since", "2");
            long id = company("Acme");
            post(
                            "SetCustomFieldForCompany",
                            admin(tenant),
                            "id",
                            Long.toString(id),
                            "fieldId",
                            Long.toString(city),
                            "value",
                            "Los Angeles")
                    .expectStatus()
                    .isOk();
            post(
                            "SetCustomFieldForCompany",
                            admin(tenant),
                            "id",
                            Long.toString(id),
                            "fieldId",
                            Long.toString(when),
                            "value",
                            "12/31/2020")
                    .expectStatus()
                    .isOk();
            assertError(
                    post(
                            "SetCustomFieldForCompany",
                            admin(tenant),
                            "id",
                            Long.toString(id),
                            "fieldId",
                            Long.toString(when),
                            "value",
                            "someday"),
                    400,
                    "Parameter 'value' must be a date");
            assertThat(body(get("CompanyCustomFields?id=" + id, technician(tenant))
                            .expectStatus()
                            .isOk()))
                    .contains("{\"FieldName\":\"Company city\",\"FieldID\":" + city
                            + ",\"Type\":1,\"Value\":\"Los Angeles\"}")
                    .contains("\"Value\":\"2020-12-31\"");
            assertThat(body(get("CustomFields?type=4", admin(tenant)))).contains("\"UsageType\":4");
            assertError(get("CompanyCustomFields?id=999999999", admin(tenant)), 404, "Company 999999999 was not found");
            get("CompanyCustomFields?id=" + id, regular(tenant)).expectStatus().isForbidden();
            get("CompanyCustomFields?id=" + id, admin(newTenant()))
                    .expectStatus()
                    .isNotFound();
            post(
                            "SetCustomFieldForCompany",
                            technician(tenant),
                            "id",
                            Long.toString(id),
                            "fieldId",
                            Long.toString(city),
                            "value",
                            "x")
                    .expectStatus()
                    .isForbidden();
            assertThat(event("user.companies", tenant, id, "relaydesk.company.custom-field-set.v1"))
                    .contains("\"value\":\"Los Angeles\"");
        }
    }

    @Nested
    class CategoryTechPermissions {

        @Test
        void addingMakesTheUserATechnicianAndBothDirectionsPublishEvents() {
            long user = createUser(tenant, "email", "tech@test", "username", "tech", "password", "Tech-pass-1");
            post("AddCategoryTechPermission?userId=" + user + "&categoryId=321", admin(tenant))
                    .expectStatus()
                    .isOk();
            assertThat(body(get("User?userId=" + user, admin(tenant)))).contains("\"IsTech\":true");
            assertThat(verified(tenant, java.util.Map.of("username", "tech", "password", "Tech-pass-1"))
                            .get("roles"))
                    .isEqualTo(java.util.List.of("technician"));
            assertThat(event("user.permissions", tenant, user, "relaydesk.permission.category-tech-added.v1"))
                    .contains("\"categoryId\":321");
            // other services' read models learn that the user is now a technician (assignable)
            assertThat(event("user.users", tenant, user, "relaydesk.user.updated.v1", "\"isTech\":true"))
                    .contains("\"username\":\"tech\"");
            post("RemoveCategoryTechPermission?userId=" + user + "&categoryId=321", admin(tenant))
                    .expectStatus()
                    .isOk();
            assertThat(event("user.permissions", tenant, user, "relaydesk.permission.category-tech-removed.v1"))
                    .contains("\"categoryId\":321");
        }

        @Test
        void badParametersUnknownUserWrongRoleAndOtherTenant() {
            long user = createUser(tenant, "email", "t2@test");
            assertError(
                    post("AddCategoryTechPermission?userId=" + user, admin(tenant)),
                    400,
                    "Parameter 'categoryId' is required");
            assertError(
                    post("AddCategoryTechPermission?userId=x&categoryId=1", admin(tenant)),
                    400,
                    "Parameter 'userId' must be an integer");
            assertError(
                    post("AddCategoryTechPermission?userId=999999999&categoryId=1", admin(tenant)),
                    404,
                    "User 999999999 was not found");
            assertError(
                    post("RemoveCategoryTechPermission?userId=999999999&categoryId=1", admin(tenant)),
                    404,
                    "User 999999999 was not found");
            assertError(
                    post("AddCategoryTechPermission?userId=" + user + "&categoryId=1", technician(tenant)),
                    403,
                    "Requires helpdesk-administrator permissions");
            post("AddCategoryTechPermission?userId=" + user + "&categoryId=1", admin(newTenant()))
                    .expectStatus()
                    .isNotFound();
        }
    }
}

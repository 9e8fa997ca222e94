package dev.relaydesk.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The seed's user methods, each with its happy path, bad parameter, unknown id, wrong role and tenant isolation. */
class UserMethodsTest extends ApiTestSupport {

    static final List<String> SEED_USER_DETAILS = List.of(
            "UserID",
            "Username",
            "Password",
            "Email",
            "FirstName",
            "LastName",
            "Notes",
            "Location",
            "Phone",
            "Department",
            "CompanyName",
            "IPAddress",
            "HostName",
            "Lang",
            "UserAgent",
            "AvatarURL",
            "Signature",
            "Greeting",
            "CompanyId",
            "CompanyNotes",
            "IsAdmin",
            "Disabled",
            "SendEmail",
            "IsTech",
            "LastSeen",
            "IsManager",
            "PushToken",
            "FullNameAndLogin",
            "FullName");

    static final List<String> SEED_USERS_ENTRY = List.of(
            "UserID",
            "FirstName",
            "LastName",
            "Notes",
            "Location",
            "Phone",
            "CompanyName",
            "CompanyId",
            "DepartmentID",
            "LastSeen",
            "Username",
            "Email",
            "IsAdmin",
            "Disabled");

    String tenant = newTenant();

    long max() {
        return createUser(
                tenant,
                "email",
                "max@test",
                "username",
                "Max",
                "firstName",
                "Max",
                "phone",
                "+16463977708",
                "company",
                "Desteksitesi Software",
                "department",
                "Support");
    }

    @Nested
    class CreateUser {

        @Test
        void createsTheUserWithNewCompanyAndDepartmentAndPublishesUserCreated() {
            long id = max();
            String user =
                    body(get("User?userId=" + id, admin(tenant)).expectStatus().isOk());
            assertThat(fieldNames(user)).containsExactlyElementsOf(SEED_USER_DETAILS);
            assertThat(user)
                    .contains("\"Username\":\"Max\"", "\"Password\":null", "\"Email\":\"max@test\"")
                    .contains("\"CompanyName\":\"Desteksitesi Software\"", "\"Department\":\"Support\"")
                    .contains("\"FullName\":\"Max\"", "\"FullNameAndLogin\":\"Max\"", "\"IsAdmin\":false");
            assertThat(body(get("Companies", admin(tenant)).expectStatus().isOk()))
                    .contains("\"Name\":\"Desteksitesi Software\"");
            assertThat(body(get("Departments", admin(tenant)).expectStatus().isOk()))
                    .contains("\"Name\":\"Support\"");
            assertThat(event("user.users", tenant, id, "relaydesk.user.created.v1"))
                    .contains("\"username\":\"Max\"")
                    .doesNotContain("assword");
        }

        @Test
        void withoutUsernameTheEmailIsTheLoginAndAGeneratedPasswordIsNeverReturned() {
            String response = body(post("CreateUser", admin(tenant), "email", "anna@acme.test")
                    .expectStatus()
                    .isOk());
            long id = Long.parseLong(response);
            assertThat(body(get("UserByUsername?username=ANNA@acme.test", admin(tenant))
                            .expectStatus()
                            .isOk()))
                    .contains("\"UserID\":" + id);
        }

        @Test
        void acceptsJsonAndMultipartBodiesWithCaseInsensitiveNames() {
            Long id = web.post()
                    .uri("/api/createuser")
                    .header("Authorization", admin(tenant))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("EMAIL", "json@acme.test", "UserName", "jason"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Long.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(body(get("UserByUsername?username=jason", admin(tenant))))
                    .contains("\"UserID\":" + id);
            var multipart = new org.springframework.http.client.MultipartBodyBuilder();
            multipart.part("email", "multi@acme.test");
            web.post()
                    .uri("/api/CreateUser")
                    .header("Authorization", admin(tenant))
                    .contentType(MediaType.MULTIPART_FORM_DATA)
                    .body(org.springframework.web.reactive.function.BodyInserters.fromMultipartData(multipart.build()))
                    .exchange()
                    .expectStatus()
                    .isOk();
            get("UserByEmail?email=multi@acme.test", admin(tenant))
                    .expectStatus()
                    .isOk();
        }

        @Test
        void missingOrMalformedEmailOrATakenNameIs400() {
            assertError(post("CreateUser", admin(tenant), "username", "x"), 400, "Parameter 'email' is required");
            assertError(
                    post("CreateUser", admin(tenant), "email", "not-an-address"),
                    400,
                    "Parameter 'email' must be an e-mail address");
            max();
            assertError(
                    post("CreateUser", admin(tenant), "email", "other@test", "username", "max"),
                    400,
                    "Parameter 'username' is taken by another user");
            assertError(
                    post("CreateUser", admin(tenant), "email", "a@test", "sendWelcomeEmail", "maybe"),
                    400,
                    "Parameter 'sendWelcomeEmail' must be true or false");
            web.post()
                    .uri("/api/CreateUser")
                    .header("Authorization", admin(tenant))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{not json")
                    .exchange()
                    .expectStatus()
                    .isBadRequest();
        }

        @Test
        void onlyAdministratorsCreateUsers() {
            assertError(
                    post("CreateUser", technician(tenant), "email", "t@test"),
                    403,
                    "Requires helpdesk-administrator permissions");
        }
    }

    @Nested
    class UpdateUser {

        @Test
        void changesTheGivenFieldsRolesAndPublishesEvents() {
            long id = max();
            post(
                            "UpdateUser?userId=" + id,
                            admin(tenant),
                            "lastName",
                            "Power",
                            "notes",
                            "vip",
                            "company",
                            "",
                            "greeting",
                            "Hi #FirstName#",
                            "enableEmailNotifications",
                            "0",
                            "isAdmin",
                            "TRUE")
                    .expectStatus()
                    .isOk();
            String user = body(get("User?UserID=" + id, admin(tenant)));
            assertThat(user)
                    .contains("\"LastName\":\"Power\"", "\"Notes\":\"vip\"", "\"CompanyName\":null")
                    .contains("\"Greeting\":\"Hi #FirstName#\"", "\"SendEmail\":false", "\"IsAdmin\":true")
                    .contains("\"FullName\":\"Max Power\"", "\"FullNameAndLogin\":\"Max Power (Max)\"");
            assertThat(event("user.users", tenant, id, "relaydesk.user.updated.v1"))
                    .contains("\"lastName\":\"Power\"", "\"isAdmin\":true");
            assertThat(event(
                            "user.credentials",
                            tenant,
                            id,
                            "relaydesk.user.credentials-changed.v1",
                            "\"reason\":\"roles\""))
                    .contains("\"userId\":" + id);
        }

        @Test
        void badParametersAreNamed() {
            long id = max();
            assertError(post("UpdateUser", admin(tenant), "notes", "x"), 400, "Parameter 'userId' is required");
            assertError(
                    post("UpdateUser", admin(tenant), "userId", "abc"), 400, "Parameter 'userId' must be an integer");
            assertError(
                    post("UpdateUser", admin(tenant), "userId", Long.toString(id), "disabled", "perhaps"),
                    400,
                    "Parameter 'disabled' must be true or false");
        }

        @Test
        void unknownUserIs404WrongRoleIs403OtherTenantIs404() {
            long id = max();
            assertError(post("UpdateUser", admin(tenant), "userId", "999999999"), 404, "User 999999999 was not found");
            assertError(
                    post("UpdateUser", technician(tenant), "userId", Long.toString(id), "notes", "x"),
                    403,
                    "Requires helpdesk-administrator permissions");
            post("UpdateUser", admin(newTenant()), "userId", Long.toString(id), "notes", "x")
                    .expectStatus()
                    .isNotFound();
        }
    }

    @Nested
    class DeleteUser {

        @Test
        void deletesTheUserAndPublishesDeletedAndCredentialsChanged() {
            long id = max();
            assertError(
                    post("DeleteUser", technician(tenant), "userId", Long.toString(id)),
                    403,
                    "Requires helpdesk-administrator permissions");
            post("DeleteUser?userId=" + id, admin(newTenant())).expectStatus().isNotFound();
            post("DeleteUser?userId=" + id, admin(tenant)).expectStatus().isOk();
            get("User?userId=" + id, admin(tenant)).expectStatus().isNotFound();
            assertError(post("DeleteUser?userId=" + id, admin(tenant)), 404, "User " + id + " was not found");
            assertError(post("DeleteUser", admin(tenant)), 400, "Parameter 'userId' is required");
            assertThat(event("user.users", tenant, id, "relaydesk.user.deleted.v1"))
                    .contains("\"userId\":" + id);
            assertThat(event(
                            "user.credentials",
                            tenant,
                            id,
                            "relaydesk.user.credentials-changed.v1",
                            "\"reason\":\"deleted\""))
                    .contains("\"userId\":" + id);
        }
    }

    @Nested
    class User {

        @Test
        void techniciansReadUsersRegularUsersDoNotAndOtherTenantsSeeNothing() {
            long id = max();
            get("user?userid=" + id, technician(tenant)).expectStatus().isOk();
            assertError(
                    get("User?userId=" + id, regular(tenant)),
                    403,
                    "Requires helpdesk-administrator or technician permissions");
            assertError(get("User?userId=" + id, admin(newTenant())), 404, "User " + id + " was not found");
            assertError(get("User?userId=12x", admin(tenant)), 400, "Parameter 'userId' must be an integer");
            assertError(get("User", admin(tenant)), 400, "Parameter 'userId' is required");
        }
    }

    @Nested
    class UserByEmail {

        @Test
        void findsTheUserCaseInsensitivelyWithTheSeedsFields() {
            long id = max();
            String user = body(get("UserByEmail?email=MAX@test", technician(tenant))
                    .expectStatus()
                    .isOk());
            assertThat(fieldNames(user)).containsExactlyElementsOf(SEED_USER_DETAILS);
            assertThat(user).contains("\"UserID\":" + id);
            get("UserByEmail?email=nobody@test", admin(tenant)).expectStatus().isNotFound();
            get("UserByEmail?email=max@test", admin(newTenant())).expectStatus().isNotFound();
            assertError(get("UserByEmail", admin(tenant)), 400, "Parameter 'email' is required");
            get("UserByEmail?email=max@test", regular(tenant)).expectStatus().isForbidden();
        }
    }

    @Nested
    class UserByUsername {

        @Test
        void findsTheUserByLoginNameWithTheSeedsFields() {
            long id = max();
            String user = body(get("UserByUsername?username=max", admin(tenant))
                    .expectStatus()
                    .isOk());
            assertThat(fieldNames(user)).containsExactlyElementsOf(SEED_USER_DETAILS);
            assertThat(user).contains("\"UserID\":" + id);
            assertError(get("UserByUsername?username=ghost", admin(tenant)), 404, "User ghost was not found");
            get("UserByUsername?username=max", admin(newTenant()))
                    .expectStatus()
                    .isNotFound();
            assertError(get("UserByUsername", admin(tenant)), 400, "Parameter 'username' is required");
            get("UserByUsername?username=max", regular(tenant)).expectStatus().isForbidden();
        }
    }

    @Nested
    class Users {

        @Test
        void listsPagesAndFiltersWithTheSeedsFields() {
            long max = max();
            long admin = createUser(tenant, "email", "boss@test");
            post("UpdateUser", admin(tenant), "userId", Long.toString(admin), "isAdmin", "true")
                    .expectStatus()
                    .isOk();
            long gone = createUser(tenant, "email", "gone@test");
            post("UpdateUser", admin(tenant), "userId", Long.toString(gone), "disabled", "1")
                    .expectStatus()
                    .isOk();
            String all = body(get("Users", technician(tenant)).expectStatus().isOk());
            assertThat(fieldNames(all.substring(1, all.indexOf('}') + 1))).containsExactlyElementsOf(SEED_USERS_ENTRY);
            assertThat(all).contains("\"UserID\":" + max, "\"UserID\":" + admin, "\"UserID\":" + gone);
            String page2 = body(get("Users?count=1&page=2", admin(tenant)));
            assertThat(page2).contains("\"UserID\":" + admin).doesNotContain("\"UserID\":" + max);
            assertThat(body(get("Users?listMode=admins", admin(tenant))))
                    .contains("\"UserID\":" + admin)
                    .doesNotContain("\"UserID\":" + max);
            assertThat(body(get("Users?listMode=disabled", admin(tenant))))
                    .contains("\"UserID\":" + gone)
                    .doesNotContain("\"UserID\":" + max);
            assertThat(body(get("Users?listMode=regular", admin(tenant))))
                    .contains("\"UserID\":" + max)
                    .doesNotContain("\"UserID\":" + admin)
                    .doesNotContain("\"UserID\":" + gone);
            String company = all.replaceAll("(?s).*\"CompanyId\":(\\d+).*", "$1");
            assertThat(body(get("Users?companyId=" + company, admin(tenant))))
                    .contains("\"UserID\":" + max)
                    .doesNotContain("\"UserID\":" + admin);
            assertThat(body(get("Users?departmentId=999999999", admin(tenant)))).isEqualTo("[]");
        }

        @Test
        void badParametersWrongRoleAndOtherTenants() {
            max();
            assertError(get("Users?count=ten", admin(tenant)), 400, "Parameter 'count' must be an integer");
            assertError(
                    get("Users?listMode=robots", admin(tenant)),
                    400,
                    "Parameter 'listMode' must be all, techs, admins, regular or disabled");
            get("Users", regular(tenant)).expectStatus().isForbidden();
            assertThat(body(get("Users", admin(newTenant())).expectStatus().isOk()))
                    .isEqualTo("[]");
        }
    }

    @Nested
    class MergeUsers {

        @Test
        void mergesOneUserIntoAnotherAndPublishesMerged() {
            long from = max();
            long into = createUser(tenant, "email", "into@test");
            post("AddCategoryTechPermission", admin(tenant), "userId", Long.toString(from), "categoryId", "7")
                    .expectStatus()
                    .isOk();
            assertError(
                    post(
                            "MergeUsers",
                            technician(tenant),
                            "fromUserId",
                            Long.toString(from),
                            "toUserId",
                            Long.toString(into)),
                    403,
                    "Requires helpdesk-administrator permissions");
            post("MergeUsers", admin(newTenant()), "fromUserId", Long.toString(from), "toUserId", Long.toString(into))
                    .expectStatus()
                    .isNotFound();
            assertError(
                    post("MergeUsers", admin(tenant), "fromUserId", Long.toString(from)),
                    400,
                    "Parameter 'toUserId' is required");
            assertError(
                    post("MergeUsers", admin(tenant), "fromUserId", Long.toString(from), "toUserId", "999999999"),
                    404,
                    "User 999999999 was not found");
            post("MergeUsers?fromUserId=" + from + "&toUserId=" + into, admin(tenant))
                    .expectStatus()
                    .isOk();
            get("User?userId=" + from, admin(tenant)).expectStatus().isNotFound();
            assertThat(event("user.users", tenant, from, "relaydesk.user.merged.v1"))
                    .contains("\"fromUserId\":" + from, "\"intoUserId\":" + into);
            assertThat(event(
                            "user.credentials",
                            tenant,
                            from,
                            "relaydesk.user.credentials-changed.v1",
                            "\"reason\":\"merged\""))
                    .contains("\"userId\":" + from);
        }
    }
}

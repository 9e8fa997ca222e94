package dev.relaydesk.user.api.jitbit;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.web.RequestParameters;
import dev.relaydesk.user.account.NewUserRequest;
import dev.relaydesk.user.account.UserAdministration;
import dev.relaydesk.user.account.UserChanges;
import dev.relaydesk.user.account.UserListQuery;
import dev.relaydesk.user.account.UserLookup;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seed's user methods: {@code CreateUser}, {@code UpdateUser}, {@code DeleteUser}, {@code User},
 * {@code UserByEmail}, {@code UserByUsername}, {@code Users} and {@code MergeUsers}. Translates parameters and
 * delegates; permissions and rules live in the account feature.
 */
@RestController
class UserMethods {

    private static final RequestMethod[] ANY = {RequestMethod.GET, RequestMethod.POST};

    private final UserAdministration administration;
    private final UserLookup lookup;
    private final JsonMapper json;

    UserMethods(UserAdministration administration, UserLookup lookup, JsonMapper json) {
        this.administration = administration;
        this.lookup = lookup;
        this.json = json;
    }

    @RequestMapping(path = "/api/createuser", method = RequestMethod.POST)
    Mono<Long> createUser(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> administration.create(
                        caller,
                        new NewUserRequest(
                                p.requiredText("email"),
                                nonBlankIfPresent(p, "username"),
                                p.text("password") == null || p.text("password").isEmpty() ? null : p.text("password"),
                                p.text("firstName"),
                                p.text("lastName"),
                                p.text("phone"),
                                p.text("location"),
                                p.text("company"),
                                p.text("department"),
                                p.bool("sendWelcomeEmail", false))));
    }

    @RequestMapping(path = "/api/updateuser", method = RequestMethod.POST)
    Mono<Void> updateUser(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            long userId = p.requiredLong("userId");
            String email = nonBlankIfPresent(p, "email");
            if (email != null && !email.contains("@")) {
                throw ApiException.badParameter("email", "must be an e-mail address");
            }
            String password = p.text("password");
            if (password != null && password.isEmpty()) {
                throw ApiException.badParameter("password", "must not be empty");
            }
            return administration.update(
                    caller,
                    userId,
                    new UserChanges(
                            nonBlankIfPresent(p, "username"),
                            email,
                            p.text("firstName"),
                            p.text("lastName"),
                            p.text("notes"),
                            p.text("phone"),
                            p.text("location"),
                            p.text("department"),
                            p.bool("disabled"),
                            p.text("company"),
                            password,
                            p.bool("enableEmailNotifications"),
                            p.text("greeting"),
                            p.text("signature"),
                            p.bool("outOfOffice"),
                            p.bool("isAdmin"),
                            p.bool("isTech"),
                            p.bool("isManager")));
        });
    }

    @RequestMapping(
            path = "/api/deleteuser",
            method = {RequestMethod.POST, RequestMethod.GET})
    Mono<Void> deleteUser(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> administration.delete(caller, p.requiredLong("userId")));
    }

    @RequestMapping(
            path = "/api/user",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<JitbitUserDetails> user(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> lookup.byId(caller, p.requiredLong("userId")))
                .map(JitbitUserDetails::of);
    }

    @RequestMapping(
            path = "/api/userbyemail",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<JitbitUserDetails> userByEmail(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> lookup.byEmail(caller, p.requiredText("email")))
                .map(JitbitUserDetails::of);
    }

    @RequestMapping(
            path = "/api/userbyusername",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<JitbitUserDetails> userByUsername(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> lookup.byUsername(caller, p.requiredText("username")))
                .map(JitbitUserDetails::of);
    }

    @RequestMapping(
            path = "/api/users",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitUserListItem>> users(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).flatMap(p -> {
            Integer count = p.intValue("count");
            Integer page = p.intValue("page");
            if (count != null && (count < 1 || count > 10_000)) {
                throw ApiException.badParameter("count", "must be between 1 and 10000");
            }
            if (page != null && page < 1) {
                throw ApiException.badParameter("page", "must be 1 or more");
            }
            UserListQuery query = new UserListQuery(
                    count == null ? 500 : count,
                    page == null ? 1 : page,
                    listMode(p.text("listMode")),
                    p.longValue("departmentId"),
                    p.longValue("companyId"));
            return lookup.list(caller, query).map(JitbitUserListItem::of).collectList();
        });
    }

    @RequestMapping(
            path = "/api/mergeusers",
            method = {RequestMethod.POST, RequestMethod.GET})
    Mono<Void> mergeUsers(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> administration.merge(caller, p.requiredLong("fromUserId"), p.requiredLong("toUserId")));
    }

    private static UserListQuery.Mode listMode(String value) {
        if (value == null || value.isBlank()) {
            return UserListQuery.Mode.ALL;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "all" -> UserListQuery.Mode.ALL;
            case "techs" -> UserListQuery.Mode.TECHS;
            case "admins" -> UserListQuery.Mode.ADMINS;
            case "regular" -> UserListQuery.Mode.REGULAR;
            case "disabled" -> UserListQuery.Mode.DISABLED;
            default -> throw ApiException.badParameter("listMode", "must be all, techs, admins, regular or disabled");
        };
    }

    private static String nonBlankIfPresent(RequestParameters p, String name) {
        String value = p.text(name);
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw ApiException.badParameter(name, "must not be empty");
        }
        return value.trim();
    }
}

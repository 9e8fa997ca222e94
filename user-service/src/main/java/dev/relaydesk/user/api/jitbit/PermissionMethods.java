package dev.relaydesk.user.api.jitbit;

import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.web.RequestParameters;
import dev.relaydesk.user.permission.CategoryTechPermissions;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The seed's {@code AddCategoryTechPermission} and {@code RemoveCategoryTechPermission}. */
@RestController
class PermissionMethods {

    private final CategoryTechPermissions permissions;
    private final JsonMapper json;

    PermissionMethods(CategoryTechPermissions permissions, JsonMapper json) {
        this.permissions = permissions;
        this.json = json;
    }

    @RequestMapping(
            path = "/api/addcategorytechpermission",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<Void> add(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> permissions.add(caller, p.requiredLong("userId"), p.requiredLong("categoryId")));
    }

    @RequestMapping(
            path = "/api/removecategorytechpermission",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<Void> remove(Caller caller, ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json)
                .flatMap(p -> permissions.remove(caller, p.requiredLong("userId"), p.requiredLong("categoryId")));
    }
}

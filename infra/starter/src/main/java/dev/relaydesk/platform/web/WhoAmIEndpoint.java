package dev.relaydesk.platform.web;

import dev.relaydesk.contract.Role;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.security.CallerArgumentResolver;
import java.util.Map;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /platform/whoami}: which service answered and whom it believes the caller to be. Proves the path gateway
 * to service with tenant and user taken from the internal token; operators use it to check a deployment.
 */
public final class WhoAmIEndpoint {

    private WhoAmIEndpoint() {}

    public static RouterFunction<ServerResponse> routes(String service) {
        return RouterFunctions.route()
                .GET("/platform/whoami", request -> CallerArgumentResolver.current()
                        .flatMap(caller -> ServerResponse.ok().bodyValue(describe(service, caller))))
                .build();
    }

    private static Map<String, Object> describe(String service, Caller caller) {
        return Map.of(
                "service", service,
                "tenant", caller.tenant().value(),
                "userId", caller.userId(),
                "roles", caller.roles().stream().map(Role::claim).sorted().toList());
    }
}

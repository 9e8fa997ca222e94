package dev.relaydesk.gateway.routing;

import dev.relaydesk.gateway.config.GatewayProperties;
import dev.relaydesk.gateway.web.DialectErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which service owns a request, decided from its path alone (and, for the few methods several services share, one
 * parameter). Built once from {@link GatewayProperties.Routing} into hash lookups, so routing a request costs a
 * lowercase copy of one path segment and one map lookup.
 *
 * <ul>
 *   <li>{@code /api/<Method>[/<id>]}: the method name, case-insensitively; the path goes downstream unchanged.
 *   <li>{@code /api/v1/<resource>/...}, {@code /api/v2/<resource>/...}: the first resource segment.
 *   <li>{@code /api/<snake_method>/}: the django-helpdesk form-POST methods.
 *   <li>{@code /platform/<service>/...}: that service, with the path rewritten to {@code /platform/...}.
 *   <li>configured path patterns outside {@code /api}, such as {@code /File/Get} or {@code /webhooks/**}.
 * </ul>
 */
public final class RoutingTable {

    private static final String PLATFORM = "/platform";

    private final Map<String, String> methods;
    private final Map<String, ParameterRouted> parameterRouted;
    private final Map<String, String> v1Resources;
    private final Map<String, String> v2Resources;
    private final Map<String, String> legacyMethods;
    private final List<PathRoute> paths;
    private final Set<String> services;

    public RoutingTable(GatewayProperties.Routing routing, Set<String> services) {
        this.methods = new HashMap<>(GatewayProperties.Routing.owners(routing.methods()));
        this.parameterRouted = new HashMap<>();
        routing.parameterRouted()
                .forEach((method, route) ->
                        parameterRouted.put(method.toLowerCase(Locale.ROOT), new ParameterRouted(method, route)));
        this.v1Resources = new HashMap<>(GatewayProperties.Routing.owners(routing.v1Resources()));
        this.v2Resources = new HashMap<>(GatewayProperties.Routing.owners(routing.v2Resources()));
        this.legacyMethods = new HashMap<>(GatewayProperties.Routing.owners(routing.legacyMethods()));
        PathPatternParser parser = new PathPatternParser();
        parser.setCaseSensitive(false);
        List<PathRoute> patterns = new ArrayList<>();
        routing.paths()
                .forEach((service, list) -> list.forEach(p -> patterns.add(new PathRoute(parser.parse(p), service))));
        this.paths = List.copyOf(patterns);
        this.services = Set.copyOf(services);
    }

    /** Where a request goes. */
    public sealed interface Route {}

    /**
     * To {@code service}.
     *
     * @param path the path to send instead of the request's, or null to send it unchanged
     */
    public record Forward(String service, String path) implements Route {}

    /** To the owner that {@link ParameterRouted#forValue} names for the request's parameter. */
    public record ByParameter(ParameterRouted route) implements Route {}

    /** Under a proxied namespace, but nobody owns it: 404 with {@code message}. */
    public record Unknown(String message) implements Route {}

    /** Not a service's path: the gateway's own endpoints (or nothing) handle it. */
    public record NotProxied() implements Route {}

    private static final NotProxied NOT_PROXIED = new NotProxied();

    public Route resolve(PathContainer requestPath) {
        String path = requestPath.value();
        if (path.regionMatches(true, 0, "/api", 0, 4) && (path.length() == 4 || path.charAt(4) == '/')) {
            return resolveApi(path.length() > 5 ? path.substring(5) : "", path);
        }
        if (path.startsWith(PLATFORM)
                && (path.length() == PLATFORM.length() || path.charAt(PLATFORM.length()) == '/')) {
            return resolvePlatform(path);
        }
        for (PathRoute route : paths) {
            if (route.pattern().matches(requestPath)) {
                return new Forward(route.service(), null);
            }
        }
        return NOT_PROXIED;
    }

    private Route resolveApi(String rest, String path) {
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        if (first.equalsIgnoreCase("v1") || first.equalsIgnoreCase("v2")) {
            boolean v1 = first.equalsIgnoreCase("v1");
            String after = slash < 0 ? "" : rest.substring(slash + 1);
            int end = after.indexOf('/');
            String resource = end < 0 ? after : after.substring(0, end);
            String service = (v1 ? v1Resources : v2Resources).get(resource.toLowerCase(Locale.ROOT));
            if (service != null) {
                return new Forward(service, null);
            }
            if (v1) {
                return new Unknown("No route matches " + DialectErrors.quote(path));
            }
            return new Unknown(
                    resource.isEmpty()
                            ? "No resource in the path"
                            : "Unknown resource: " + DialectErrors.quote(resource));
        }
        if (slash > 0 && slash == rest.length() - 1) {
            String service = legacyMethods.get(first);
            if (service != null && first.equals(first.toLowerCase(Locale.ROOT))) {
                return new Forward(service, null);
            }
        }
        String key = first.toLowerCase(Locale.ROOT);
        String service = methods.get(key);
        if (service != null) {
            return new Forward(service, null);
        }
        ParameterRouted byParameter = parameterRouted.get(key);
        if (byParameter != null) {
            return new ByParameter(byParameter);
        }
        return new Unknown(
                first.isEmpty() ? "No API method in the path" : "Unknown API method: " + DialectErrors.quote(first));
    }

    private Route resolvePlatform(String path) {
        int start = PLATFORM.length() + 1;
        int end = start > path.length() ? -1 : path.indexOf('/', start);
        String service = start > path.length() ? "" : end < 0 ? path.substring(start) : path.substring(start, end);
        if (service.isEmpty()) {
            return new Unknown("No service in the path");
        }
        if (!services.contains(service)) {
            return new Unknown("Unknown service: " + DialectErrors.quote(service));
        }
        return new Forward(service, end < 0 ? PLATFORM : PLATFORM + path.substring(end));
    }

    /**
     * A method whose owner depends on one parameter.
     *
     * @param method the method's configured name
     */
    public record ParameterRouted(String method, GatewayProperties.ParameterRoute route) {

        public String parameter() {
            return route.parameter();
        }

        /**
         * The owner for the parameter's value (null or empty when it is missing), or an {@link Invalid} naming the
         * parameter.
         */
        public Route forValue(String value) {
            if (value == null || value.isBlank()) {
                return new Forward(route.defaultService(), null);
            }
            String service = route.values().get(value.trim());
            if (service != null) {
                return new Forward(service, null);
            }
            return new Invalid("Parameter '" + route.parameter() + "' must be one of "
                    + String.join(
                            ", ", route.values().keySet().stream().sorted().toList()));
        }
    }

    /** The request is malformed: 400 with {@code message}. */
    public record Invalid(String message) implements Route {}

    private record PathRoute(PathPattern pattern, String service) {}
}

package dev.relaydesk.gateway.routing;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Lets a deployment serve the API under a prefix such as {@code /helpdesk} (where existing clients expect it) while
 * every path without the prefix keeps working: {@code /helpdesk/api/Tickets} is handled exactly like
 * {@code /api/Tickets}. The prefix is matched case-insensitively and only as whole path segments.
 */
public final class PathPrefixStripping implements WebFilter, Ordered {

    private final String prefix;

    /** @param prefix such as {@code /helpdesk}, or empty to strip nothing */
    public PathPrefixStripping(String prefix) {
        if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
            throw new IllegalArgumentException("path prefix must look like /helpdesk");
        }
        this.prefix = prefix;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        String stripped = strip(path);
        if (stripped == null) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(r -> r.path(stripped)).build());
    }

    /** The path without the prefix, or null when it does not start with the prefix. */
    String strip(String path) {
        int n = prefix.length();
        if (n == 0 || !path.regionMatches(true, 0, prefix, 0, n)) {
            return null;
        }
        if (path.length() == n) {
            return "/";
        }
        return path.charAt(n) == '/' ? path.substring(n) : null;
    }
}

package dev.relaydesk.gateway.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an id that the caller, the gateway's logs and the services share: the caller's
 * {@code X-Request-Id} when it is short and made of safe characters, a new random one otherwise. The id goes downstream
 * in the same header (set by {@link dev.relaydesk.gateway.token.InternalTokenRelay}, replacing the caller's) and comes
 * back on every response, including the gateway's own errors.
 */
public final class RequestIdPropagation implements WebFilter, Ordered {

    public static final String HEADER = "X-Request-Id";
    public static final int MAX_LENGTH = 128;
    static final String ATTRIBUTE = RequestIdPropagation.class.getName() + ".id";

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String given = request.getHeaders().getFirst(HEADER);
        String id = isSafe(given) && request.getHeaders().get(HEADER).size() == 1 ? given : generate();
        // The forwarded request gets the header from InternalTokenRelay, which rewrites the headers anyway: mutating
        // the request here as well would copy every header of every request once more.
        exchange.getAttributes().put(ATTRIBUTE, id);
        var response = exchange.getResponse();
        response.beforeCommit(() -> {
            response.getHeaders().set(HEADER, id);
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    /** The id of the exchange's request, or {@code "-"} before it has one. */
    public static String of(ServerWebExchange exchange) {
        String id = exchange.getAttribute(ATTRIBUTE);
        return id != null ? id : "-";
    }

    static boolean isSafe(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == ':'
                    || c == '+'
                    || c == '/'
                    || c == '=';
            if (!safe) {
                return false;
            }
        }
        return true;
    }

    /** A random id in UUID form; not a secret, so a thread-local generator (never blocking) is enough. */
    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}

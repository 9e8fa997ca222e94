package dev.relaydesk.platform.web;

import dev.relaydesk.contract.Dialect;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Method names of the primary dialect are case-insensitive ({@code /api/Ticket}, {@code /api/ticket},
 * {@code /Api/TICKET}). This filter lower-cases the method segment (and the product paths {@code /User/Token},
 * {@code /File/Get}, {@code /KB/View}) once, so handlers map one lower-case path. Ids and the other dialects' paths are
 * left alone.
 */
public class MethodNameNormalization implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        String normalized = normalize(path);
        if (normalized.equals(path)) {
            return chain.filter(exchange);
        }
        ServerHttpRequest request =
                exchange.getRequest().mutate().path(normalized).build();
        return chain.filter(exchange.mutate().request(request).build());
    }

    static String normalize(String path) {
        Dialect dialect = Dialect.of(path);
        if (dialect != Dialect.JITBIT) {
            return path;
        }
        int methodStart = path.indexOf('/', 1);
        if (methodStart < 0) {
            return path;
        }
        int methodEnd = path.indexOf('/', methodStart + 1);
        String prefix =
                path.substring(0, methodEnd < 0 ? path.length() : methodEnd).toLowerCase(Locale.ROOT);
        return methodEnd < 0 ? prefix : prefix + path.substring(methodEnd);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}

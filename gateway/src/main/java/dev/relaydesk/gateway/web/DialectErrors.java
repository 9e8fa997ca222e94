package dev.relaydesk.gateway.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the gateway's own answers (unknown method, bad tenant, missing credentials, unreachable service) in the error
 * shape of the request's dialect, the same shapes the services use, so a client cannot tell whether the gateway or the
 * service refused it.
 */
public final class DialectErrors {

    private static final MediaType TEXT = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

    private final JsonMapper json;

    public DialectErrors(JsonMapper json) {
        this.json = json;
    }

    /**
     * Answers the exchange with {@code status}.
     *
     * @param code a stable, machine-readable code such as {@code not_found}
     * @param message a message for the caller; it must not carry credentials or internal detail
     */
    public Mono<Void> respond(ServerWebExchange exchange, HttpStatus status, String code, String message) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        Dialect dialect = Dialect.of(exchange.getRequest().getPath().value());
        byte[] body;
        MediaType type;
        switch (dialect) {
            case V1 -> {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("error", message);
                map.put("error_human", message);
                body = json.writeValueAsBytes(map);
                type = MediaType.APPLICATION_JSON;
            }
            case V2 -> {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("code", status.value());
                error.put("title", code);
                error.put("details", message);
                body = json.writeValueAsBytes(Map.of("errors", List.of(error)));
                type = MediaType.APPLICATION_JSON;
            }
            case PLATFORM -> {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("type", "about:blank");
                map.put("title", status.getReasonPhrase());
                map.put("status", status.value());
                map.put("code", code);
                map.put("detail", message);
                body = json.writeValueAsBytes(map);
                type = MediaType.APPLICATION_PROBLEM_JSON;
            }
            default -> {
                body = message.getBytes(StandardCharsets.UTF_8);
                type = TEXT;
            }
        }
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(type);
        headers.setContentLength(body.length);
        headers.set("X-Content-Type-Options", "nosniff");
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    /** Caller input echoed in a message, cut to a sane length. */
    public static String quote(String input) {
        return input.length() <= 100 ? input : input.substring(0, 100) + "...";
    }
}

package dev.relaydesk.gateway.web;

import dev.relaydesk.contract.Dialect;
import dev.relaydesk.contract.ErrorBody;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
        ErrorBody body = ErrorBody.of(Dialect.of(exchange.getRequest().getPath().value()), status, code, message, json);
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(body.contentType());
        headers.setContentLength(body.bytes().length);
        headers.set("X-Content-Type-Options", "nosniff");
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.bytes())));
    }

    /** Caller input echoed in a message, cut to a sane length. */
    public static String quote(String input) {
        return input.length() <= 100 ? input : input.substring(0, 100) + "...";
    }
}

package dev.relaydesk.gateway.web;

import dev.relaydesk.contract.ApiException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Turns every failure that escapes the gateway's filters and routes (no such path, a service that does not answer,
 * anything unexpected) into the error shape of the request's dialect. Internal messages and stack traces are logged
 * here and never shown to the caller; the log line carries the path (never the query string, which may carry secrets)
 * and the request id.
 */
@Order(-2) // before Boot's ErrorWebExceptionHandler
public class DialectErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DialectErrorHandler.class);

    private final DialectErrors errors;

    public DialectErrorHandler(DialectErrors errors) {
        this.errors = errors;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        String path = exchange.getRequest().getPath().value();
        return switch (failure) {
            case ApiException e -> {
                if (e.status().is5xxServerError()) {
                    log.warn(
                            "{} on {} {} [{}]: {}",
                            e.status().value(),
                            exchange.getRequest().getMethod(),
                            path,
                            RequestIdPropagation.of(exchange),
                            e.getMessage());
                }
                yield errors.respond(exchange, e.status(), e.code(), e.getMessage());
            }
            case ResponseStatusException e
            when e.getStatusCode().value() == 404 ->
                errors.respond(
                        exchange, HttpStatus.NOT_FOUND, "not_found", "No such path: " + DialectErrors.quote(path));
            case ResponseStatusException e
            when e.getStatusCode().value() == 504 -> {
                log.warn(
                        "Service timed out on {} {} [{}]",
                        exchange.getRequest().getMethod(),
                        path,
                        RequestIdPropagation.of(exchange));
                yield errors.respond(
                        exchange, HttpStatus.GATEWAY_TIMEOUT, "timeout", "The service did not answer in time");
            }
            case ResponseStatusException e
            when e.getStatusCode().is4xxClientError() -> {
                HttpStatus status = HttpStatus.valueOf(e.getStatusCode().value());
                yield errors.respond(exchange, status, "bad_request", status.getReasonPhrase());
            }
            case ConnectException e -> {
                log.warn(
                        "Service unreachable on {} {} [{}]: {}",
                        exchange.getRequest().getMethod(),
                        path,
                        RequestIdPropagation.of(exchange),
                        e.getMessage());
                yield errors.respond(
                        exchange, HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "The service is unavailable");
            }
            case TimeoutException _, ReadTimeoutException _ -> {
                log.warn(
                        "Service timed out on {} {} [{}]",
                        exchange.getRequest().getMethod(),
                        path,
                        RequestIdPropagation.of(exchange));
                yield errors.respond(
                        exchange, HttpStatus.GATEWAY_TIMEOUT, "timeout", "The service did not answer in time");
            }
            default -> {
                log.error(
                        "Unhandled failure on {} {} [{}]",
                        exchange.getRequest().getMethod(),
                        path,
                        RequestIdPropagation.of(exchange),
                        failure);
                yield errors.respond(
                        exchange, HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "Internal server error");
            }
        };
    }
}

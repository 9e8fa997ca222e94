package dev.relaydesk.platform.web;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.contract.Dialect;
import dev.relaydesk.contract.ErrorBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every failure into the error shape of the request's dialect. Malformed input is a 400 naming the parameter;
 * an unexpected failure is a 500 with a generic message, logged here and never shown to the caller.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class DialectErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DialectErrorHandler.class);

    private final JsonMapper json;

    public DialectErrorHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(failure);
        }
        Failure f = classify(failure, exchange);
        response.setStatusCode(f.status());
        Dialect dialect = Dialect.of(exchange.getRequest().getPath().value());
        return write(response, dialect, f);
    }

    private Failure classify(Throwable failure, ServerWebExchange exchange) {
        return switch (failure) {
            case ApiException e -> new Failure(e.status(), e.code(), e.getMessage());
            case MissingRequestValueException e ->
                new Failure(HttpStatus.BAD_REQUEST, "invalid_parameter", "Parameter '" + e.getName() + "' is required");
            case WebExchangeBindException e -> new Failure(HttpStatus.BAD_REQUEST, "invalid_parameter", describe(e));
            case ServerWebInputException e -> new Failure(HttpStatus.BAD_REQUEST, "invalid_parameter", describe(e));
            case DecodingException e ->
                new Failure(HttpStatus.BAD_REQUEST, "malformed_body", "The request body is malformed");
            case AuthenticationException e ->
                new Failure(HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required");
            case AccessDeniedException e -> new Failure(HttpStatus.FORBIDDEN, "forbidden", "Access denied");
            case ResponseStatusException e
            when e.getStatusCode().value() == 404 ->
                new Failure(
                        HttpStatus.NOT_FOUND,
                        "not_found",
                        "No such method or resource: "
                                + exchange.getRequest().getPath().value());
            case ResponseStatusException e
            when e.getStatusCode().is4xxClientError() ->
                new Failure(
                        HttpStatus.valueOf(e.getStatusCode().value()),
                        "bad_request",
                        e.getReason() != null
                                ? e.getReason()
                                : HttpStatus.valueOf(e.getStatusCode().value()).getReasonPhrase());
            default -> {
                log.error(
                        "Unhandled failure on {} {}",
                        exchange.getRequest().getMethod(),
                        exchange.getRequest().getPath(),
                        failure);
                yield new Failure(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "Internal server error");
            }
        };
    }

    private static String describe(ServerWebInputException e) {
        if (e instanceof WebExchangeBindException bind && bind.getFieldError() != null) {
            return "Parameter '" + bind.getFieldError().getField() + "' is invalid";
        }
        if (e.getMethodParameter() != null && e.getMethodParameter().getParameterName() != null) {
            return "Parameter '" + e.getMethodParameter().getParameterName() + "' is malformed";
        }
        return e.getReason() != null ? e.getReason() : "Bad request";
    }

    private Mono<Void> write(ServerHttpResponse response, Dialect dialect, Failure f) {
        ErrorBody body = ErrorBody.of(dialect, f.status(), f.code(), f.message(), json);
        response.getHeaders().setContentType(body.contentType());
        response.getHeaders().setContentLength(body.bytes().length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.bytes())));
    }

    private record Failure(HttpStatus status, String code, String message) {}
}

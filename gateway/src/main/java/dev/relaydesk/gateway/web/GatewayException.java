package dev.relaydesk.gateway.web;

import org.springframework.http.HttpStatus;

/**
 * A failure of the gateway's own whose message is written for the caller; {@link DialectErrorHandler} renders it in
 * the request's dialect. Anything else reaches the caller only as a generic message.
 */
public class GatewayException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public GatewayException(HttpStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    /** A stable, machine-readable code such as {@code unavailable}. */
    public String code() {
        return code;
    }
}

package dev.relaydesk.contract;

import org.springframework.http.HttpStatus;

/**
 * A failure whose message is written for the API's caller. Each dialect renders it in its own error shape (see
 * {@link ErrorBody}); anything that is not an {@code ApiException} reaches the caller only as a generic message.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public ApiException(HttpStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    /** A stable, machine-readable code such as {@code invalid_parameter}. */
    public String code() {
        return code;
    }

    /** A parameter is missing or its value is malformed; the message names it. */
    public static ApiException badParameter(String parameter, String problem) {
        return new ApiException(
                HttpStatus.BAD_REQUEST, "invalid_parameter", "Parameter '" + parameter + "' " + problem);
    }

    public static ApiException missingParameter(String parameter) {
        return badParameter(parameter, "is required");
    }

    public static ApiException notFound(String what, Object id) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", what + " " + id + " was not found");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(HttpStatus.CONFLICT, "conflict", message);
    }
}

package dev.relaydesk.contract;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** An error response body in a dialect's shape, ready to write. */
public record ErrorBody(MediaType contentType, byte[] bytes) {

    private static final MediaType TEXT = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

    /**
     * @param code a stable, machine-readable code such as {@code not_found}
     * @param message for the caller; never credentials or internal detail
     */
    public static ErrorBody of(Dialect dialect, HttpStatus status, String code, String message, JsonMapper json) {
        return switch (dialect) {
            case V1 -> {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("error", message);
                map.put("error_human", message);
                yield new ErrorBody(MediaType.APPLICATION_JSON, json.writeValueAsBytes(map));
            }
            case V2 -> {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("code", status.value());
                error.put("title", code);
                error.put("details", message);
                yield new ErrorBody(
                        MediaType.APPLICATION_JSON, json.writeValueAsBytes(Map.of("errors", List.of(error))));
            }
            case PLATFORM -> {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("type", "about:blank");
                map.put("title", status.getReasonPhrase());
                map.put("status", status.value());
                map.put("code", code);
                map.put("detail", message);
                yield new ErrorBody(MediaType.APPLICATION_PROBLEM_JSON, json.writeValueAsBytes(map));
            }
            case JITBIT, LEGACY -> new ErrorBody(TEXT, message.getBytes(StandardCharsets.UTF_8));
        };
    }
}

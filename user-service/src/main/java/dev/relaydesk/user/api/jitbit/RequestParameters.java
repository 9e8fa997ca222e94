package dev.relaydesk.user.api.jitbit;

import dev.relaydesk.contract.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parameters of a primary-dialect request, wherever the client put them: query string, form body, multipart body
 * or a JSON object. Names are case-insensitive ({@code userId}, {@code UserID}, {@code userid}); typed getters reject a
 * malformed value with a 400 that names the parameter as the seed spells it.
 */
final class RequestParameters {

    private final Map<String, String> values;

    private RequestParameters(Map<String, String> values) {
        this.values = values;
    }

    static RequestParameters of(Map<String, String> values) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        map.putAll(values);
        return new RequestParameters(map);
    }

    /** Reads query, form, multipart and JSON parameters; later sources win over the query string. */
    static Mono<RequestParameters> read(ServerWebExchange exchange, JsonMapper json) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequest().getQueryParams().forEach((name, list) -> {
            if (!list.isEmpty()) {
                map.put(name, list.getFirst());
            }
        });
        MediaType type = exchange.getRequest().getHeaders().getContentType();
        Mono<Void> body;
        if (type == null) {
            body = Mono.empty();
        } else if (MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
            body = exchange.getFormData()
                    .doOnNext(form -> form.forEach((name, list) -> {
                        if (!list.isEmpty()) {
                            map.put(name, list.getFirst());
                        }
                    }))
                    .then();
        } else if (MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
            body = exchange.getMultipartData()
                    .doOnNext(parts -> parts.forEach((name, list) -> list.stream()
                            .filter(FormFieldPart.class::isInstance)
                            .findFirst()
                            .ifPresent(part -> map.put(name, ((FormFieldPart) part).value()))))
                    .then();
        } else if (MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
            body = DataBufferUtils.join(exchange.getRequest().getBody())
                    .map(buffer -> {
                        try {
                            return buffer.toString(StandardCharsets.UTF_8);
                        } finally {
                            DataBufferUtils.release(buffer);
                        }
                    })
                    .doOnNext(text -> putJson(text, json, map))
                    .then();
        } else {
            body = Mono.empty();
        }
        return body.then(Mono.fromSupplier(() -> new RequestParameters(map)));
    }

    private static void putJson(String text, JsonMapper json, Map<String, String> map) {
        if (text.isBlank()) {
            return;
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (RuntimeException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "malformed_body", "The request body is malformed");
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "malformed_body", "The request body must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            map.put(field.getKey(), value.isValueNode() ? value.asString() : value.toString());
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value as sent (possibly empty), or null when absent. */
    String text(String name) {
        return values.get(name);
    }

    /** A value that must be present and not blank. */
    String requiredText(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw ApiException.missingParameter(name);
        }
        return value.trim();
    }

    Long longValue(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name, "must be an integer");
        }
    }

    long requiredLong(String name) {
        Long value = longValue(name);
        if (value == null) {
            throw ApiException.missingParameter(name);
        }
        return value;
    }

    Integer intValue(String name) {
        Long value = longValue(name);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw ApiException.badParameter(name, "must be an integer");
        }
        return value.intValue();
    }

    /** true/false in any case, or 1/0; null when absent or empty. */
    Boolean bool(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> throw ApiException.badParameter(name, "must be true or false");
        };
    }

    boolean bool(String name, boolean fallback) {
        Boolean value = bool(name);
        return value == null ? fallback : value;
    }
}

package dev.relaydesk.platform.web;

import dev.relaydesk.contract.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.io.buffer.DataBufferLimitException;
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
 * malformed value with a 400 that names the parameter as the seed spells it. A repeated parameter
 * ({@code ?categoryId=1&categoryId=2}) keeps every value for the list getters; the single-value getters see the first.
 * Every service's method-style adapter reads its parameters through this one class.
 */
public final class RequestParameters {

    /** The largest JSON body read into memory; files travel as multipart parts, never in JSON. */
    static final int MAX_JSON_BYTES = 4 * 1024 * 1024;

    private final Map<String, List<String>> values;

    private RequestParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    public static RequestParameters of(Map<String, String> values) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        values.forEach((name, value) -> map.put(name, List.of(value)));
        return new RequestParameters(map);
    }

    /** Reads query, form, multipart and JSON parameters; later sources win over the query string. */
    public static Mono<RequestParameters> read(ServerWebExchange exchange, JsonMapper json) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequest().getQueryParams().forEach((name, list) -> add(map, name, list));
        MediaType type = exchange.getRequest().getHeaders().getContentType();
        Mono<Void> body;
        if (type == null) {
            body = Mono.empty();
        } else if (MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
            body = exchange.getFormData()
                    .doOnNext(form -> form.forEach((name, list) -> put(map, name, list)))
                    .then();
        } else if (MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
            body = exchange.getMultipartData()
                    .doOnNext(parts -> parts.forEach((name, list) -> put(
                            map,
                            name,
                            list.stream()
                                    .filter(FormFieldPart.class::isInstance)
                                    .map(part -> ((FormFieldPart) part).value())
                                    .toList())))
                    .then();
        } else if (MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
            body = DataBufferUtils.join(exchange.getRequest().getBody(), MAX_JSON_BYTES)
                    .onErrorMap(
                            DataBufferLimitException.class,
                            e -> new ApiException(
                                    HttpStatus.PAYLOAD_TOO_LARGE,
                                    "body_too_large",
                                    "The request body is larger than " + MAX_JSON_BYTES / (1024 * 1024) + " MB"))
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

    private static void add(Map<String, List<String>> map, String name, List<String> list) {
        if (!list.isEmpty()) {
            map.computeIfAbsent(name, n -> new ArrayList<>()).addAll(list);
        }
    }

    /** Body values replace query values of the same name. */
    private static void put(Map<String, List<String>> map, String name, List<String> list) {
        if (!list.isEmpty()) {
            map.put(name, new ArrayList<>(list));
        }
    }

    private static void putJson(String text, JsonMapper json, Map<String, List<String>> map) {
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
            if (value.isArray() && value.valueStream().allMatch(JsonNode::isValueNode)) {
                put(
                        map,
                        field.getKey(),
                        value.valueStream().map(JsonNode::asString).toList());
            } else {
                put(map, field.getKey(), List.of(value.isValueNode() ? value.asString() : value.toString()));
            }
        }
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value as sent (possibly empty), or null when absent. */
    public String text(String name) {
        List<String> list = values.get(name);
        return list == null ? null : list.getFirst();
    }

    /** Every non-blank value of a repeated parameter, trimmed; empty when absent. */
    public List<String> texts(String name) {
        List<String> list = values.get(name);
        return list == null
                ? List.of()
                : list.stream().filter(v -> !v.isBlank()).map(String::trim).toList();
    }

    /** Every value of a repeated integer parameter ({@code ?categoryId=1&categoryId=2}); empty when absent. */
    public List<Long> longs(String name) {
        List<Long> result = new ArrayList<>();
        for (String value : texts(name)) {
            result.add(parseLong(name, value));
        }
        return List.copyOf(result);
    }

    /** A value that must be present and not blank. */
    public String requiredText(String name) {
        String value = text(name);
        if (value == null || value.isBlank()) {
            throw ApiException.missingParameter(name);
        }
        return value.trim();
    }

    public Long longValue(String name) {
        String value = text(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return parseLong(name, value);
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name, "must be an integer");
        }
    }

    public long requiredLong(String name) {
        Long value = longValue(name);
        if (value == null) {
            throw ApiException.missingParameter(name);
        }
        return value;
    }

    public Integer intValue(String name) {
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
    public Boolean bool(String name) {
        String value = text(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> throw ApiException.badParameter(name, "must be true or false");
        };
    }

    public boolean bool(String name, boolean fallback) {
        Boolean value = bool(name);
        return value == null ? fallback : value;
    }
}

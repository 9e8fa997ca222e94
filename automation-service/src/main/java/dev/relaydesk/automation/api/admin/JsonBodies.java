package dev.relaydesk.automation.api.admin;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.web.RequestParameters;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the admin API's JSON bodies and path ids, turning malformed input into a 400 that names the problem. */
@Component
class JsonBodies {

    private final JsonMapper json;

    JsonBodies(JsonMapper json) {
        this.json = json;
    }

    Mono<JsonNode> object(String body) {
        return Mono.fromCallable(() -> {
            if (body == null || body.isBlank()) {
                throw new ApiException(
                        HttpStatus.BAD_REQUEST, "malformed_body", "The request body must be a JSON object");
            }
            JsonNode node;
            try {
                node = json.readTree(body);
            } catch (RuntimeException e) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "malformed_body", "The request body is malformed");
            }
            if (node == null || !node.isObject()) {
                throw new ApiException(
                        HttpStatus.BAD_REQUEST, "malformed_body", "The request body must be a JSON object");
            }
            return node;
        });
    }

    static Mono<Long> id(String value, String name) {
        return Mono.fromCallable(() -> RequestParameters.of(Map.of(name, value)).requiredLong(name));
    }
}

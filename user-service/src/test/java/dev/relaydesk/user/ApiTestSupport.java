package dev.relaydesk.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.testkit.InternalTokens;
import dev.relaydesk.testkit.ServiceTest;
import dev.relaydesk.testkit.TopicReader;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * Shared helpers for user-service's API tests; every subclass runs in the one cached {@link ServiceTest} context. Each
 * test works in a fresh tenant, so tests never see each other's users.
 */
@ServiceTest
abstract class ApiTestSupport {

    @Autowired
    protected WebTestClient web;

    static String newTenant() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static String bearer(String tenant, long user, String... roles) {
        return "Bearer " + InternalTokens.mint(tenant, user, roles);
    }

    static String admin(String tenant) {
        return bearer(tenant, 900_000_001L, "admin");
    }

    static String technician(String tenant) {
        return bearer(tenant, 900_000_002L, "technician");
    }

    static String regular(String tenant) {
        return bearer(tenant, 900_000_003L, "user");
    }

    static MultiValueMap<String, String> form(String... pairs) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.add(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    /** POSTs form parameters to a primary-dialect method. */
    WebTestClient.ResponseSpec post(String method, String authorization, String... pairs) {
        return web.post()
                .uri("/api/" + method)
                .header("Authorization", authorization)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form(pairs)))
                .exchange();
    }

    /** GETs a primary-dialect method with a query string. */
    WebTestClient.ResponseSpec get(String pathAndQuery, String authorization) {
        return web.get()
                .uri("/api/" + pathAndQuery)
                .header("Authorization", authorization)
                .exchange();
    }

    long createUser(String tenant, String... pairs) {
        Long id = post("CreateUser", admin(tenant), pairs)
                .expectStatus()
                .isOk()
                .expectBody(Long.class)
                .returnResult()
                .getResponseBody();
        assertThat(id).isNotNull();
        return id;
    }

    WebTestClient.ResponseSpec verify(String tenant, Map<String, ?> body) {
        return web.post()
                .uri("/internal/credentials/verify")
                .header("Authorization", bearer(tenant, 0, "gateway"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    Map<String, Object> verified(String tenant, Map<String, ?> body) {
        return verify(tenant, body)
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
    }

    String body(WebTestClient.ResponseSpec spec) {
        return spec.expectBody(String.class).returnResult().getResponseBody();
    }

    static void assertError(WebTestClient.ResponseSpec spec, int status, String message) {
        spec.expectStatus().isEqualTo(status).expectBody(String.class).isEqualTo(message);
    }

    /** The first event on {@code topic} of {@code type} keyed {@code tenant:aggregate}; its data as JSON text. */
    static String event(String topic, String tenant, Object aggregate, String type, String... containing) {
        ConsumerRecord<String, CloudEvent> record = TopicReader.first(
                topic,
                r -> r.key().equals(tenant + ":" + aggregate)
                        && r.value().getType().equals(type)
                        && java.util.Arrays.stream(containing)
                                .allMatch(text -> new String(r.value().getData().toBytes(), StandardCharsets.UTF_8)
                                        .contains(text)),
                Duration.ofSeconds(20));
        assertThat(record.value().getExtension("tenant")).isEqualTo(tenant);
        return new String(record.value().getData().toBytes(), StandardCharsets.UTF_8);
    }

    /** Top-level field names of a JSON object, in order (nested objects are not expected in these shapes). */
    static List<String> fieldNames(String json) {
        Matcher matcher = Pattern.compile("\"([A-Za-z]+)\":").matcher(json);
        List<String> names = new ArrayList<>();
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}

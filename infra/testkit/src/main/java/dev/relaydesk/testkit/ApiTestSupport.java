package dev.relaydesk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * What every service's API tests need: the one cached {@link ServiceTest} context, a fresh tenant per test (so tests
 * never see each other's data), callers of each role, primary-dialect calls, error assertions and the events a call
 * published. A service's test base extends this and adds its own fixtures.
 */
@ServiceTest
public abstract class ApiTestSupport {

    @Autowired
    protected WebTestClient web;

    /** A tenant no other test uses. */
    public static String newTenant() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public static String bearer(String tenant, long user, String... roles) {
        return "Bearer " + InternalTokens.mint(tenant, user, roles);
    }

    public static String admin(String tenant) {
        return bearer(tenant, 900_000_001L, "admin");
    }

    public static String technician(String tenant) {
        return bearer(tenant, 900_000_002L, "technician");
    }

    public static String regular(String tenant) {
        return bearer(tenant, 900_000_003L, "user");
    }

    public static MultiValueMap<String, String> form(String... pairs) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.add(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    /** POSTs form parameters to a primary-dialect method. */
    protected WebTestClient.ResponseSpec post(String method, String authorization, String... pairs) {
        return web.post()
                .uri("/api/" + method)
                .header("Authorization", authorization)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form(pairs)))
                .exchange();
    }

    /** GETs a primary-dialect method with a query string, such as {@code get("Ticket?id=3", auth)}. */
    protected WebTestClient.ResponseSpec get(String pathAndQuery, String authorization) {
        return web.get()
                .uri("/api/" + pathAndQuery)
                .header("Authorization", authorization)
                .exchange();
    }

    protected static String body(WebTestClient.ResponseSpec spec) {
        return spec.expectBody(String.class).returnResult().getResponseBody();
    }

    /** The response has this status and exactly this plain-text message (the primary dialect's error shape). */
    public static void assertError(WebTestClient.ResponseSpec spec, int status, String message) {
        spec.expectStatus().isEqualTo(status).expectBody(String.class).isEqualTo(message);
    }

    /**
     * The first event on {@code topic} of {@code type} keyed {@code tenant:aggregate} whose data contains every one of
     * {@code containing}; its data as JSON text. Fails after 20 seconds.
     */
    public static String event(String topic, String tenant, Object aggregate, String type, String... containing) {
        ConsumerRecord<String, CloudEvent> record = TopicReader.first(
                topic,
                r -> r.key().equals(tenant + ":" + aggregate)
                        && r.value().getType().equals(type)
                        && Arrays.stream(containing)
                                .allMatch(text -> new String(r.value().getData().toBytes(), StandardCharsets.UTF_8)
                                        .contains(text)),
                Duration.ofSeconds(20));
        assertThat(record.value().getExtension("tenant")).isEqualTo(tenant);
        return new String(record.value().getData().toBytes(), StandardCharsets.UTF_8);
    }

    /** Top-level field names of a flat JSON object, in order. */
    public static List<String> fieldNames(String json) {
        Matcher matcher = Pattern.compile("\"([A-Za-z]+)\":").matcher(json);
        List<String> names = new ArrayList<>();
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}

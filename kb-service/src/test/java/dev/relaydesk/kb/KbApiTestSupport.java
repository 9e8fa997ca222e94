package dev.relaydesk.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relaydesk.testkit.ApiTestSupport;
import dev.relaydesk.testkit.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * kb-service's API test fixtures: ticket-service's category events (published here as ticket-service would, following
 * the agreed contract), articles and multipart uploads.
 */
abstract class KbApiTestSupport extends ApiTestSupport {

    static final String CATEGORIES = "ticket.categories";

    static long newCategoryId() {
        return ThreadLocalRandom.current().nextLong(1_000_000, 900_000_000);
    }

    static CloudEvent categoryEvent(String tenant, long categoryId, String type, String data) {
        return CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create("/relaydesk/ticket-service"))
                .withType(type)
                .withTime(OffsetDateTime.now())
                .withSubject(String.valueOf(categoryId))
                .withExtension("tenant", tenant)
                .withDataContentType("application/json")
                .withData(data.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    static void publishCategory(
            String tenant, long id, String type, String name, String section, boolean techsOnly, boolean kbOnly) {
        String data =
                """
                {"categoryId":%d,"name":"%s","notes":"Notes of %s","sectionId":%s,"sectionName":%s,\
                "forTechsOnly":%b,"kbOnly":%b,"occurredAt":"2026-01-02T03:04:05Z","futureField":1}"""
                        .formatted(
                                id,
                                name,
                                name,
                                section == null ? "null" : "7",
                                section == null ? "null" : "\"" + section + "\"",
                                techsOnly,
                                kbOnly);
        TopicReader.publish(CATEGORIES, tenant + ":" + id, categoryEvent(tenant, id, type, data));
    }

    /** Publishes {@code relaydesk.category.created.v1} and waits until kb-service has applied it. */
    long category(String tenant, String name, boolean techsOnly, boolean kbOnly) {
        long id = newCategoryId();
        publishCategory(tenant, id, "relaydesk.category.created.v1", name, null, techsOnly, kbOnly);
        awaitCategory(tenant, id, "\"Name\":\"" + name + "\"");
        return id;
    }

    long category(String tenant, String name) {
        return category(tenant, name, false, false);
    }

    void awaitCategory(String tenant, long id, String containing) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> body(get("Articles", admin(tenant)).expectStatus().isOk())
                                .contains("{\"CategoryID\":" + id + ",\"Name\"")
                        && body(get("Articles", admin(tenant))).contains(containing));
    }

    /** Creates an article as a technician; {@code more} adds or overrides form fields (name, value pairs). */
    long article(String tenant, long categoryId, String subject, String... more) {
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("categoryId", Long.toString(categoryId));
        fields.put("subject", subject);
        fields.put("body", "Body of " + subject);
        for (int i = 0; i < more.length; i += 2) {
            fields.put(more[i], more[i + 1]);
        }
        String[] pairs = fields.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new);
        String id =
                body(post("article", technician(tenant), pairs).expectStatus().isOk());
        assertThat(id).matches("\\d+");
        return Long.parseLong(id);
    }

    /**
     * A multipart POST. The body is built here rather than by Spring's multipart writer, whose boundary generator reads
     * /dev/urandom on the client's event loop (which BlockHound refuses).
     */
    WebTestClient.ResponseSpec multipart(String method, String authorization, Multipart parts) {
        return web.post()
                .uri("/api/" + method)
                .header("Authorization", authorization)
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + Multipart.BOUNDARY))
                .bodyValue(parts.bytes())
                .exchange();
    }

    /** A multipart/form-data body: fields and files in order. */
    static final class Multipart {

        static final String BOUNDARY = "kb-test-boundary-7f3a";
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart field(String name, String value) {
            write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                    + "\r\n");
            return this;
        }

        Multipart file(String name, String fileName, String contentType, byte[] content) {
            write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                    + "\"\r\n" + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "\r\n");
            out.writeBytes(content);
            write("\r\n");
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(out.toByteArray());
            all.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return all.toByteArray();
        }

        private void write(String text) {
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}

package dev.relaydesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relaydesk.testkit.RelaydeskTestInfrastructure;
import dev.relaydesk.testkit.SharedInfrastructure;
import dev.relaydesk.testkit.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** ticket-service's API test fixtures: users and permissions arrive as user-service events, categories and tickets via the API. */
abstract class TicketApiTestSupport extends dev.relaydesk.testkit.ApiTestSupport {

    static final long ADMIN = 900_000_001L;
    static final long TECH = 900_000_002L;
    static final long USER = 900_000_003L;

    /** Publishes a user-service event and returns at once. */
    static void publish(String topic, String tenant, Object key, String type, String data) {
        TopicReader.publish(
                topic,
                tenant + ":" + key,
                CloudEventBuilder.v1()
                        .withId(UUID.randomUUID().toString())
                        .withSource(URI.create("/relaydesk/user-service"))
                        .withType(type)
                        .withTime(OffsetDateTime.now())
                        .withSubject(String.valueOf(key))
                        .withExtension("tenant", tenant)
                        .withDataContentType("application/json")
                        .withData(data.getBytes(StandardCharsets.UTF_8))
                        .build());
    }

    /** A user in ticket-service's directory (waits until the event is applied). */
    static void user(String tenant, long id, String username, boolean admin, boolean tech, Long companyId) {
        publish(
                "user.users",
                tenant,
                id,
                "relaydesk.user.created.v1",
                """
                {"userId":%d,"username":"%s","email":"%s@example.com","firstName":"F%s","lastName":"L%s",\
                "isAdmin":%s,"isTech":%s,"isManager":false,"companyId":%s,"departmentId":null}"""
                        .formatted(id, username, username, username, username, admin, tech, companyId));
        await().atMost(Duration.ofSeconds(20)).until(() -> "1"
                .equals(sql("select count(*) from user_view where tenant_id = '" + tenant + "' and user_id = " + id
                        + " and username = '" + username + "'")));
    }

    /** The standard cast: admin, tech and a regular user in the directory. */
    static void people(String tenant) {
        user(tenant, ADMIN, "admin", true, false, null);
        user(tenant, TECH, "tech", false, true, null);
        user(tenant, USER, "user", false, false, 77L);
    }

    static void techPermission(String tenant, long userId, long categoryId) {
        publish(
                "user.permissions",
                tenant,
                userId,
                "relaydesk.permission.category-tech-added.v1",
                "{\"userId\":%d,\"categoryId\":%d}".formatted(userId, categoryId));
        await().atMost(Duration.ofSeconds(20)).until(() -> "1"
                .equals(sql("select count(*) from category_techs where tenant_id = '" + tenant + "' and user_id = "
                        + userId + " and category_id = " + categoryId)));
    }

    /** The first column of the first row, as text (as the database owner, so across tenants). */
    static String sql(String query) throws Exception {
        var pg = SharedInfrastructure.postgres();
        try (Connection c = DriverManager.getConnection(
                        pg.jdbcUrl(RelaydeskTestInfrastructure.databaseName("ticket-service")),
                        pg.adminUser(),
                        pg.adminPassword());
                ResultSet rs = c.createStatement().executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Runs a statement as the database owner (test data no API call would make fast enough). */
    static void execute(String statement) throws Exception {
        var pg = SharedInfrastructure.postgres();
        try (Connection c = DriverManager.getConnection(
                pg.jdbcUrl(RelaydeskTestInfrastructure.databaseName("ticket-service")),
                pg.adminUser(),
                pg.adminPassword())) {
            c.createStatement().execute(statement);
        }
    }

    /** A file part of a multipart request. */
    record TestFile(String name, byte[] bytes) {}

    /**
     * A multipart POST, encoded here with a fixed boundary (the client's own encoder reads /dev/urandom for a boundary,
     * which BlockHound reports when it happens on an event-loop thread).
     */
    WebTestClient.ResponseSpec multipart(String method, String auth, String fileName, byte[] bytes, String... pairs) {
        return multipartFiles(
                method, auth, fileName == null ? List.of() : List.of(new TestFile(fileName, bytes)), pairs);
    }

    /** A multipart POST with several {@code uploadFile} parts. */
    WebTestClient.ResponseSpec multipartFiles(String method, String auth, List<TestFile> files, String... pairs) {
        String boundary = "relaydesk-test-boundary";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < pairs.length; i += 2) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + pairs[i] + "\"\r\n\r\n"
                            + pairs[i + 1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        for (TestFile file : files) {
            String type = file.name().endsWith(".txt") ? "text/plain" : "application/octet-stream";
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"uploadFile\"; filename=\""
                            + file.name().replace("\"", "\\\"") + "\"\r\nContent-Type: " + type + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(file.bytes());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return web.post()
                .uri("/api/" + method)
                .header("Authorization", auth)
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary))
                .bodyValue(out.toByteArray())
                .exchange();
    }

    /**
     * The data of every event on {@code topic} keyed for {@code tenant} that the broker holds right now (read from the
     * beginning up to the current end of each partition).
     */
    static List<String> eventsNow(String topic, String tenant) {
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, CloudEventDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> events = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("reading " + topic).isLessThan(deadline);
                for (ConsumerRecord<String, CloudEvent> r : consumer.poll(Duration.ofMillis(250))) {
                    if (r.key().startsWith(tenant + ":")) {
                        events.add(r.value().getType() + " "
                                + new String(r.value().getData().toBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
            return events;
        }
    }

    long category(String tenant, String... pairs) {
        boolean named = false;
        for (int i = 0; i < pairs.length; i += 2) {
            named |= pairs[i].equals("name");
        }
        String[] all = pairs;
        if (!named) {
            all = new String[pairs.length + 2];
            all[0] = "name";
            all[1] = "Cat " + UUID.randomUUID().toString().substring(0, 8);
            System.arraycopy(pairs, 0, all, 2, pairs.length);
        }
        return Long.parseLong(
                body(post("CreateCategory", admin(tenant), all).expectStatus().isOk()));
    }

    long ticket(String tenant, String auth, long categoryId, String subject, String... pairs) {
        String[] all = new String[pairs.length + 6];
        all[0] = "categoryId";
        all[1] = Long.toString(categoryId);
        all[2] = "subject";
        all[3] = subject;
        all[4] = "body";
        all[5] = "Body of " + subject;
        System.arraycopy(pairs, 0, all, 6, pairs.length);
        String id = body(post("Ticket", auth, all).expectStatus().isOk());
        assertThat(id).matches("\\d+");
        return Long.parseLong(id);
    }
}

package dev.relaydesk.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relaydesk.localstack.App;
import dev.relaydesk.localstack.LocalPlatform;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The platform as it runs: gateway, user-service and ticket-service as separate processes on a real PostgreSQL and
 * Kafka broker. user-service starts with its outbox relay switched off, so the bootstrap administrator's
 * {@code user.created} event is committed but not published; the tests then restart it with the relay on and follow
 * the event into ticket-service's read model, and redeliver it to show it is applied once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformEndToEndTest {

    static final String ADMIN =
            "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));

    Path home;

    LocalPlatform platform;
    Path userServiceOverrides;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startPlatform() throws IOException {
        home = Files.createTempDirectory("relaydesk-system-test");
        userServiceOverrides = home.resolve("user-service-overrides.properties");
        Files.writeString(userServiceOverrides, "relaydesk.platform.outbox.relay-enabled=false\n");
        platform = TestStacks.builder(home)
                .apps(App.GATEWAY, App.USER_SERVICE, App.TICKET_SERVICE)
                .appArgs(App.USER_SERVICE, "--spring.config.import=optional:file:" + userServiceOverrides)
                .healthTimeout(Duration.ofMinutes(3))
                .start();
    }

    @AfterAll
    void stopPlatform() throws IOException {
        TestStacks.stop(platform, home);
    }

    HttpResponse<String> get(URI base, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> viaGateway(String path, Map<String, String> headers) throws Exception {
        return get(platform.gatewayUrl(), path, headers);
    }

    long count(String database, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(platform.jdbcUrl(database), "postgres", "postgres");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    long adminDirectoryEntries() throws Exception {
        return count(
                "ticket_service", "select count(*) from user_view where tenant_id = 'default' and username = 'admin'");
    }

    @Test
    @Order(1)
    void theGatewayAuthenticatesAndTheServiceAnswersForTheTokensUser() throws Exception {
        HttpResponse<String> me = viaGateway("/api/Authorization", Map.of("Authorization", ADMIN));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"Username\":\"admin\"").contains("\"IsAdmin\":true");

        HttpResponse<String> prefixed = viaGateway("/helpdesk/api/authorization", Map.of("Authorization", ADMIN));
        assertThat(prefixed.statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void everyServiceSeesTenantAndUserFromTheGatewaysToken() throws Exception {
        HttpResponse<String> whoami = viaGateway("/platform/ticket-service/whoami", Map.of("Authorization", ADMIN));
        assertThat(whoami.statusCode()).isEqualTo(200);
        assertThat(whoami.body())
                .contains("\"service\":\"ticket-service\"")
                .contains("\"tenant\":\"default\"")
                .contains("\"roles\":[\"admin\"]");
    }

    @Test
    @Order(3)
    void requestsWithoutValidCredentialsAreRefused() throws Exception {
        assertThat(viaGateway("/api/Authorization", Map.of()).statusCode()).isEqualTo(401);
        String wrong = "Basic " + Base64.getEncoder().encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8));
        assertThat(viaGateway("/api/Authorization", Map.of("Authorization", wrong))
                        .statusCode())
                .isEqualTo(401);
        assertThat(viaGateway("/api/Authorization", Map.of("Authorization", ADMIN, "Host", "globex.example.com"))
                        .statusCode())
                .as("admin exists only in tenant default")
                .isEqualTo(401);
    }

    @Test
    @Order(4)
    void aServiceCalledDirectlyWithoutTheGatewaysTokenRefuses() throws Exception {
        HttpResponse<String> direct =
                get(platform.url(App.USER_SERVICE), "/api/Authorization", Map.of("Authorization", ADMIN));
        assertThat(direct.statusCode()).isEqualTo(401);
    }

    @Test
    @Order(5)
    void anEventCommittedWhileTheRelayWasStoppedArrivesAfterTheRestart() throws Exception {
        assertThat(count(
                        "user_service",
                        "select count(*) from relaydesk_outbox where event_type = 'relaydesk.user.created.v1'"))
                .isEqualTo(1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> adminDirectoryEntries() == 0);

        Files.writeString(userServiceOverrides, "relaydesk.platform.outbox.relay-enabled=true\n");
        platform.restart(App.USER_SERVICE);

        await().atMost(Duration.ofSeconds(60)).until(() -> adminDirectoryEntries() == 1);
        assertThat(count("user_service", "select count(*) from relaydesk_outbox"))
                .isZero();
    }

    @Test
    @Order(6)
    void aRedeliveredEventIsAppliedOnceByTheConsumingService() throws Exception {
        ConsumerRecord<String, CloudEvent> created = readUserCreated();
        double duplicatesBefore = inboxCount("duplicate");
        double appliedBefore = inboxCount("applied");

        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>("user.users", created.key(), created.value()))
                    .get();
            producer.send(new ProducerRecord<>("user.users", created.key(), created.value()))
                    .get();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> inboxCount("duplicate") >= duplicatesBefore + 2);
        assertThat(inboxCount("applied")).isEqualTo(appliedBefore);
        assertThat(adminDirectoryEntries()).isEqualTo(1);
    }

    ConsumerRecord<String, CloudEvent> readUserCreated() {
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "system-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, CloudEventDeserializer.class.getName()))) {
            consumer.subscribe(List.of("user.users"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(500))) {
                    if ("relaydesk.user.created.v1".equals(record.value().getType())) {
                        assertThat(record.value().getExtension("tenant")).isEqualTo("default");
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no relaydesk.user.created.v1 event on user.users");
    }

    /** ticket-service's inbox counter for its user directory, read from its Prometheus endpoint. */
    double inboxCount(String outcome) throws Exception {
        String metrics = get(platform.url(App.TICKET_SERVICE), "/actuator/prometheus", Map.of())
                .body();
        Matcher m = Pattern.compile("relaydesk_inbox_events_total\\{[^}]*consumer=\"user-directory\",outcome=\""
                        + outcome + "\"[^}]*} ([0-9.E]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}

package dev.relaydesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relaydesk.testkit.InternalTokens;
import dev.relaydesk.testkit.PlatformContract;
import dev.relaydesk.testkit.RelaydeskTestInfrastructure;
import dev.relaydesk.testkit.ServiceTest;
import dev.relaydesk.testkit.SharedInfrastructure;
import dev.relaydesk.testkit.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@ServiceTest
class TicketServiceIntegrationTest extends PlatformContract {

    TicketServiceIntegrationTest() {
        super("ticket-service", "dev.relaydesk.ticket");
    }

    @Autowired
    MeterRegistry meters;

    static CloudEvent userCreated(String tenant, long userId, String username) {
        String data =
                """
                {"userId":%d,"username":"%s","email":"%s@example.com","firstName":"Ann","lastName":"Lee",\
                "isAdmin":false,"isTech":true,"isManager":false,"companyId":null,"futureField":"ignored"}"""
                        .formatted(userId, username, username);
        return CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create("/relaydesk/user-service"))
                .withType("relaydesk.user.created.v1")
                .withTime(OffsetDateTime.now())
                .withSubject(String.valueOf(userId))
                .withExtension("tenant", tenant)
                .withDataContentType("application/json")
                .withData(data.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    static String directoryEntry(String tenant, long userId) throws Exception {
        var pg = SharedInfrastructure.postgres();
        try (Connection c = DriverManager.getConnection(
                        pg.jdbcUrl(RelaydeskTestInfrastructure.databaseName("ticket-service")),
                        pg.adminUser(),
                        pg.adminPassword());
                ResultSet rs = c.createStatement()
                        .executeQuery("select username, email, is_tech from user_view where tenant_id = '" + tenant
                                + "' and user_id = " + userId)) {
            return rs.next() ? rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getBoolean(3) : null;
        }
    }

    double applied(String outcome) {
        var counter = meters.find("relaydesk.inbox.events")
                .tags("consumer", "user-directory", "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Nested
    class UserDirectoryReadModel {

        @Test
        void aUserCreatedEventAddsTheUserUnderTheEventsTenant() throws Exception {
            long id = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
            TopicReader.publish("user.users", "acme:" + id, userCreated("acme", id, "ann"));

            await().atMost(Duration.ofSeconds(20)).until(() -> directoryEntry("acme", id) != null);
            assertThat(directoryEntry("acme", id)).isEqualTo("ann|ann@example.com|true");
            assertThat(directoryEntry("globex", id)).isNull();
        }

        @Test
        void aRedeliveredEventIsAppliedOnce() throws Exception {
            long id = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
            CloudEvent event = userCreated("acme", id, "bob");
            double appliedBefore = applied("applied");
            double duplicatesBefore = applied("duplicate");

            TopicReader.publish("user.users", "acme:" + id, event);
            TopicReader.publish("user.users", "acme:" + id, event);

            await().atMost(Duration.ofSeconds(20)).until(() -> applied("duplicate") >= duplicatesBefore + 1);
            assertThat(applied("applied")).isEqualTo(appliedBefore + 1);
            assertThat(directoryEntry("acme", id)).isEqualTo("bob|bob@example.com|true");
        }
    }

    @Test
    void unknownMethodIs404() {
        web.get()
                .uri("/api/NoSuchMethod")
                .header("Authorization", "Bearer " + InternalTokens.mint("acme", 5, "technician"))
                .exchange()
                .expectStatus()
                .isNotFound();
    }
}

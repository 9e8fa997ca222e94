package dev.relaydesk.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relaydesk.testkit.ApiTestSupport;
import dev.relaydesk.testkit.RelaydeskTestInfrastructure;
import dev.relaydesk.testkit.SharedInfrastructure;
import dev.relaydesk.testkit.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * asset-service's API test fixtures on top of the test kit's: assets, and the events user-service and ticket-service
 * publish (sent here as those services would, so the read models can be tested without them).
 */
abstract class AssetTestSupport extends ApiTestSupport {

    static final String ASSETS = "asset.assets";

    final String tenant = newTenant();

    /** Creates an asset as a technician: a Macbook by Apple from "none" unless {@code pairs} say otherwise. */
    long createAsset(String... pairs) {
        String[] all = new String[8 + pairs.length];
        String[] required = {"modelName", "Macbook", "manufacturer", "Apple", "type", "Laptop", "supplier", "none"};
        System.arraycopy(required, 0, all, 0, 8);
        System.arraycopy(pairs, 0, all, 8, pairs.length);
        List<String> merged = new ArrayList<>();
        for (int i = 0; i < all.length; i += 2) {
            int existing = indexOfName(merged, all[i]);
            if (existing >= 0) {
                merged.set(existing + 1, all[i + 1]);
            } else {
                merged.add(all[i]);
                merged.add(all[i + 1]);
            }
        }
        String created = body(post("Asset", technician(tenant), merged.toArray(String[]::new))
                .expectStatus()
                .isOk());
        assertThat(created).matches("\\{\"id\":\\d+}");
        return Long.parseLong(created.replaceAll("\\D", ""));
    }

    private static int indexOfName(List<String> pairs, String name) {
        for (int i = 0; i < pairs.size(); i += 2) {
            if (pairs.get(i).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    String asset(long id) {
        return body(get("Asset?id=" + id, technician(tenant)).expectStatus().isOk());
    }

    String assets(String query) {
        return body(get("Assets" + query, technician(tenant)).expectStatus().isOk());
    }

    static List<Long> itemIds(String json) {
        Matcher m = Pattern.compile("\"ItemID\":(\\d+)").matcher(json);
        List<Long> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    // --- events of other services -------------------------------------------------------------------------------

    static CloudEvent cloudEvent(String source, String type, String tenant, Object subject, String data) {
        return CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create("/relaydesk/" + source))
                .withType(type)
                .withTime(OffsetDateTime.now())
                .withSubject(String.valueOf(subject))
                .withExtension("tenant", tenant)
                .withDataContentType("application/json")
                .withData(data.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    void userCreated(long userId, String username, String first, String last, Long companyId, Long departmentId) {
        userEvent(tenant, "relaydesk.user.created.v1", userId, username, first, last, companyId, departmentId);
    }

    void userUpdated(long userId, String username, String first, String last) {
        userEvent(tenant, "relaydesk.user.updated.v1", userId, username, first, last, null, null);
    }

    /** Publishes a user created/updated event of {@code tenant} and waits until the read model has it. */
    void userEvent(
            String tenant,
            String type,
            long userId,
            String username,
            String first,
            String last,
            Long companyId,
            Long departmentId) {
        String data =
                """
                {"userId":%d,"username":"%s","email":"%s@example.com","firstName":"%s","lastName":"%s",\
                "isAdmin":false,"isTech":false,"isManager":false,"companyId":%s,"departmentId":%s,\
                "sendWelcomeEmail":false,"disabled":false,"phone":null,"location":null,\
                "occurredAt":"2026-01-01T00:00:00Z","futureField":"ignored"}"""
                        .formatted(userId, username, username, first, last, companyId, departmentId);
        TopicReader.publish(
                "user.users", tenant + ":" + userId, cloudEvent("user-service", type, tenant, userId, data));
        awaitRowIn(
                tenant,
                "select 1 from user_view where tenant_id = ? and user_id = " + userId + " and username = '" + username
                        + "'");
    }

    void userDeleted(long userId) {
        TopicReader.publish(
                "user.users",
                tenant + ":" + userId,
                cloudEvent(
                        "user-service",
                        "relaydesk.user.deleted.v1",
                        tenant,
                        userId,
                        "{\"userId\":" + userId + ",\"occurredAt\":\"2026-01-01T00:00:00Z\"}"));
        awaitNoRow("select 1 from user_view where tenant_id = ? and user_id = " + userId);
    }

    void usersMerged(long fromUserId, long intoUserId) {
        TopicReader.publish(
                "user.users",
                tenant + ":" + fromUserId,
                cloudEvent(
                        "user-service",
                        "relaydesk.user.merged.v1",
                        tenant,
                        fromUserId,
                        "{\"fromUserId\":" + fromUserId + ",\"intoUserId\":" + intoUserId
                                + ",\"occurredAt\":\"2026-01-01T00:00:00Z\"}"));
        awaitNoRow("select 1 from user_view where tenant_id = ? and user_id = " + fromUserId);
    }

    void companyCreated(long companyId, String name) {
        TopicReader.publish(
                "user.companies",
                tenant + ":" + companyId,
                cloudEvent(
                        "user-service",
                        "relaydesk.company.created.v1",
                        tenant,
                        companyId,
                        "{\"companyId\":" + companyId + ",\"name\":\"" + name
                                + "\",\"emailDomains\":null,\"notes\":null,\"occurredAt\":\"2026-01-01T00:00:00Z\"}"));
        awaitRow("select 1 from company_view where tenant_id = ? and company_id = " + companyId);
    }

    static String ticketSnapshot(long ticketId, String subject, int statusId) {
        return """
                {"ticketId":%d,"subject":"%s","categoryId":1,"statusId":%d,"priorityId":0,"origin":3,\
                "submitterUserId":5,"assignedToUserId":null,"companyId":null,"departmentId":null,"tags":[],\
                "dueDate":null,"customFields":{},"createdAt":"2026-01-01T00:00:00Z",\
                "updatedAt":"2026-01-01T00:00:00Z","resolvedAt":null}"""
                .formatted(ticketId, subject, statusId);
    }

    void ticketEvent(String type, long ticketId, String subject, int statusId, String extra) {
        String data = "{\"ticketId\":" + ticketId + ",\"actorUserId\":5,\"occurredAt\":\"2026-01-01T00:00:00Z\","
                + "\"ticket\":" + ticketSnapshot(ticketId, subject, statusId) + ",\"causedBy\":null" + extra + "}";
        TopicReader.publish(
                "ticket.tickets", tenant + ":" + ticketId, cloudEvent("ticket-service", type, tenant, ticketId, data));
    }

    void ticketCreated(long ticketId, String subject) {
        ticketEvent(
                "relaydesk.ticket.created.v1",
                ticketId,
                subject,
                1,
                ",\"body\":\"help\",\"suppressConfirmation\":false");
        awaitRow("select 1 from ticket_view where tenant_id = ? and ticket_id = " + ticketId);
    }

    // --- database checks for asynchronous effects ------------------------------------------------------------------

    /** Waits until the query (its one parameter is this test's tenant) returns a row. */
    void awaitRow(String sql) {
        awaitRowIn(tenant, sql);
    }

    static void awaitRowIn(String tenant, String sql) {
        await().atMost(Duration.ofSeconds(30)).until(() -> rowExists(tenant, sql));
    }

    void awaitNoRow(String sql) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !rowExists(tenant, sql));
    }

    static boolean rowExists(String tenant, String sql) throws Exception {
        var pg = SharedInfrastructure.postgres();
        try (Connection c = DriverManager.getConnection(
                        pg.jdbcUrl(RelaydeskTestInfrastructure.databaseName("asset-service")),
                        pg.adminUser(),
                        pg.adminPassword());
                PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, tenant);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }
}

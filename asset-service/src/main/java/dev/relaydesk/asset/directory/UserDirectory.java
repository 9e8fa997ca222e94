package dev.relaydesk.asset.directory;

import dev.relaydesk.asset.assignment.AssetAssignments;
import dev.relaydesk.platform.inbox.Inbox;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * asset-service's local copy of user-service's users ({@code AssignedUsers}, the company and department filters of
 * {@code Assets}, the check that an assignee exists), kept from {@code user.users} events. A deleted user's
 * assignments go; a merged user's assignments move to the user they were merged into. Each event is applied once.
 */
@Component
class UserDirectory {

    static final String CONSUMER = "user-directory";

    private final Inbox inbox;
    private final DatabaseClient db;
    private final JsonMapper json;
    private final AssetAssignments assignments;

    UserDirectory(Inbox inbox, DatabaseClient db, JsonMapper json, AssetAssignments assignments) {
        this.inbox = inbox;
        this.db = db;
        this.json = json;
        this.assignments = assignments;
    }

    @KafkaListener(topics = "user.users", groupId = "asset-service.user-directory")
    void on(CloudEvent event) {
        String type = event.getType();
        if (type.startsWith("relaydesk.user.created.") || type.startsWith("relaydesk.user.updated.")) {
            apply(event, e -> upsert(read(e, UserChanged.class)));
        } else if (type.startsWith("relaydesk.user.deleted.")) {
            apply(event, e -> {
                long userId = read(e, UserDeleted.class).userId();
                return assignments.userDeleted(userId).then(forget(userId));
            });
        } else if (type.startsWith("relaydesk.user.merged.")) {
            apply(event, e -> {
                UsersMerged merged = read(e, UsersMerged.class);
                return assignments
                        .usersMerged(merged.fromUserId(), merged.intoUserId())
                        .then(forget(merged.fromUserId()));
            });
        }
    }

    private void apply(CloudEvent event, java.util.function.Function<CloudEvent, Mono<?>> effect) {
        inbox.applyOnce(CONSUMER, event, effect).block(Duration.ofSeconds(30));
    }

    private <T> T read(CloudEvent event, Class<T> type) {
        return json.readValue(event.getData().toBytes(), type);
    }

    private Mono<Void> upsert(UserChanged user) {
        DatabaseClient.GenericExecuteSpec insert = db.sql(
                        """
                        insert into user_view (user_id, username, email, first_name, last_name, company_id, department_id)
                        values (:id, :username, :email, :first, :last, :company, :department)
                        on conflict (tenant_id, user_id) do update set
                          username = excluded.username, email = excluded.email, first_name = excluded.first_name,
                          last_name = excluded.last_name, company_id = excluded.company_id,
                          department_id = excluded.department_id, updated_at = now()
                        """)
                .bind("id", user.userId())
                .bind("username", user.username() == null ? "" : user.username());
        insert = text(insert, "email", user.email());
        insert = text(insert, "first", user.firstName());
        insert = text(insert, "last", user.lastName());
        insert = user.companyId() == null
                ? insert.bindNull("company", Long.class)
                : insert.bind("company", user.companyId());
        insert = user.departmentId() == null
                ? insert.bindNull("department", Long.class)
                : insert.bind("department", user.departmentId());
        return insert.then();
    }

    private Mono<Void> forget(long userId) {
        return db.sql("delete from user_view where user_id = :id")
                .bind("id", userId)
                .then();
    }

    private static DatabaseClient.GenericExecuteSpec text(
            DatabaseClient.GenericExecuteSpec spec, String name, String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    /** The fields of user-service's created/updated events this read model needs (tolerant reader). */
    record UserChanged(
            long userId,
            String username,
            String email,
            String firstName,
            String lastName,
            Long companyId,
            Long departmentId) {}

    /** {@code relaydesk.user.deleted.v1}. */
    record UserDeleted(long userId) {}

    /** {@code relaydesk.user.merged.v1}. */
    record UsersMerged(long fromUserId, long intoUserId) {}
}

package dev.relaydesk.notification.people;

import dev.relaydesk.platform.inbox.Inbox;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.Collection;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * notification-service's local copy of users (e-mail address, name, roles), kept from user-service's events, so that
 * notifying someone never calls another service. Each event is applied once.
 */
@Component
public class UserDirectory {

    static final String CONSUMER = "user-directory";

    private final Inbox inbox;
    private final DatabaseClient db;
    private final JsonMapper json;

    public UserDirectory(Inbox inbox, DatabaseClient db, JsonMapper json) {
        this.inbox = inbox;
        this.db = db;
        this.json = json;
    }

    @KafkaListener(topics = "user.users", groupId = "notification-service.user-directory")
    void on(CloudEvent event) {
        String type = event.getType();
        if (type.startsWith("relaydesk.user.created.") || type.startsWith("relaydesk.user.updated.")) {
            inbox.applyOnce(
                            CONSUMER,
                            event,
                            e -> upsert(json.readValue(e.getData().toBytes(), UserChanged.class)))
                    .block(Duration.ofSeconds(30));
        } else if (type.startsWith("relaydesk.user.deleted.")) {
            inbox.applyOnce(
                            CONSUMER,
                            event,
                            e -> delete(json.readValue(e.getData().toBytes(), UserDeleted.class)))
                    .block(Duration.ofSeconds(30));
        }
    }

    /** The known users among {@code ids} in the current transaction's tenant. */
    public Flux<Person> find(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("select user_id, email, first_name, last_name, username, is_admin, is_tech, disabled from"
                        + " user_view where user_id = any(:ids)")
                .bind("ids", ids.toArray(Long[]::new))
                .map(row -> new Person(
                        row.get("user_id", Long.class),
                        row.get("email", String.class),
                        displayName(
                                row.get("first_name", String.class),
                                row.get("last_name", String.class),
                                row.get("username", String.class)),
                        Boolean.TRUE.equals(row.get("is_admin", Boolean.class)),
                        Boolean.TRUE.equals(row.get("is_tech", Boolean.class)),
                        Boolean.TRUE.equals(row.get("disabled", Boolean.class))))
                .all();
    }

    private static String displayName(String first, String last, String username) {
        String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
        return name.isEmpty() ? username : name;
    }

    private Mono<Void> upsert(UserChanged user) {
        return db.sql(
                        """
                        insert into user_view (user_id, username, email, first_name, last_name, is_admin, is_tech, disabled)
                        values (:id, :username, :email, :first, :last, :admin, :tech, :disabled)
                        on conflict (tenant_id, user_id) do update set
                          username = excluded.username, email = excluded.email, first_name = excluded.first_name,
                          last_name = excluded.last_name, is_admin = excluded.is_admin, is_tech = excluded.is_tech,
                          disabled = excluded.disabled, updated_at = now()
                        """)
                .bind("id", user.userId())
                .bind("username", orEmpty(user.username()))
                .bind("email", orEmpty(user.email()))
                .bind("first", orEmpty(user.firstName()))
                .bind("last", orEmpty(user.lastName()))
                .bind("admin", Boolean.TRUE.equals(user.isAdmin()))
                .bind("tech", Boolean.TRUE.equals(user.isTech()))
                .bind("disabled", Boolean.TRUE.equals(user.disabled()))
                .then();
    }

    private Mono<Void> delete(UserDeleted user) {
        return db.sql("delete from user_view where user_id = :id")
                .bind("id", user.userId())
                .then();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The fields of user-service's user events this read model needs (tolerant reader). */
    record UserChanged(
            long userId,
            String username,
            String email,
            String firstName,
            String lastName,
            Boolean isAdmin,
            Boolean isTech,
            Boolean disabled) {}

    record UserDeleted(long userId) {}
}

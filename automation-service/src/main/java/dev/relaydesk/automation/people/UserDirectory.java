package dev.relaydesk.automation.people;

import dev.relaydesk.platform.inbox.Inbox;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * automation-service's copy of the users it names in templates ({@code #from#}, {@code #technician#}) and the
 * technicians of each category it assigns tickets to, kept from user-service's {@code user.users} and
 * {@code user.permissions} events. Each event is applied once.
 */
@Component
public class UserDirectory {

    static final String USERS = "user-directory";
    static final String PERMISSIONS = "category-technicians";

    private final Inbox inbox;
    private final DatabaseClient db;
    private final JsonMapper json;

    public UserDirectory(Inbox inbox, DatabaseClient db, JsonMapper json) {
        this.inbox = inbox;
        this.db = db;
        this.json = json;
    }

    @KafkaListener(topics = "user.users", groupId = "automation-service.user-directory")
    void onUser(CloudEvent event) {
        String type = event.getType();
        if (type.startsWith("relaydesk.user.created.") || type.startsWith("relaydesk.user.updated.")) {
            inbox.applyOnce(USERS, event, e -> upsert(json.readValue(e.getData().toBytes(), UserChanged.class)))
                    .block(Duration.ofSeconds(30));
        } else if (type.startsWith("relaydesk.user.deleted.")) {
            inbox.applyOnce(
                            USERS,
                            event,
                            e -> delete(json.readValue(e.getData().toBytes(), UserDeleted.class)
                                    .userId()))
                    .block(Duration.ofSeconds(30));
        } else if (type.startsWith("relaydesk.user.merged.")) {
            inbox.applyOnce(
                            USERS,
                            event,
                            e -> delete(json.readValue(e.getData().toBytes(), UsersMerged.class)
                                    .fromUserId()))
                    .block(Duration.ofSeconds(30));
        }
    }

    @KafkaListener(topics = "user.permissions", groupId = "automation-service.category-technicians")
    void onPermission(CloudEvent event) {
        String type = event.getType();
        if (type.startsWith("relaydesk.permission.category-tech-added.")) {
            inbox.applyOnce(PERMISSIONS, event, e -> {
                        CategoryTech p = json.readValue(e.getData().toBytes(), CategoryTech.class);
                        return db.sql("insert into category_techs (category_id, user_id) values (:category, :user)"
                                        + " on conflict do nothing")
                                .bind("category", p.categoryId())
                                .bind("user", p.userId())
                                .then();
                    })
                    .block(Duration.ofSeconds(30));
        } else if (type.startsWith("relaydesk.permission.category-tech-removed.")) {
            inbox.applyOnce(PERMISSIONS, event, e -> {
                        CategoryTech p = json.readValue(e.getData().toBytes(), CategoryTech.class);
                        return db.sql("delete from category_techs where category_id = :category and user_id = :user")
                                .bind("category", p.categoryId())
                                .bind("user", p.userId())
                                .then();
                    })
                    .block(Duration.ofSeconds(30));
        }
    }

    /** A user of the current tenant, or empty when unknown. */
    public Mono<Person> person(Long userId) {
        if (userId == null) {
            return Mono.empty();
        }
        return db.sql("select user_id, username, email, first_name, last_name, is_admin, is_tech, disabled, deleted"
                        + " from user_view where user_id = :id")
                .bind("id", userId)
                .map(row -> {
                    String full =
                            (row.get("first_name", String.class) + " " + row.get("last_name", String.class)).trim();
                    return new Person(
                            row.get("user_id", Long.class),
                            full.isEmpty() ? row.get("username", String.class) : full,
                            row.get("email", String.class),
                            Boolean.TRUE.equals(row.get("is_tech", Boolean.class))
                                    || Boolean.TRUE.equals(row.get("is_admin", Boolean.class)),
                            !Boolean.TRUE.equals(row.get("disabled", Boolean.class))
                                    && !Boolean.TRUE.equals(row.get("deleted", Boolean.class)));
                })
                .one();
    }

    /**
     * The active technicians of a category with how many open tickets each has assigned (the read model's count),
     * ordered by user id.
     */
    public Flux<TechnicianLoad> technicians(long categoryId) {
        return db.sql(
                        """
                        select c.user_id,
                               (select count(*) from ticket_snapshots t where t.open and t.assignee_id = c.user_id)
                                 as open_tickets
                          from category_techs c
                          left join user_view u on u.user_id = c.user_id
                         where c.category_id = :category and coalesce(not (u.disabled or u.deleted), true)
                         order by c.user_id
                        """)
                .bind("category", categoryId)
                .map(row -> new TechnicianLoad(row.get("user_id", Long.class), row.get("open_tickets", Long.class)))
                .all();
    }

    /** A technician and their current load. */
    public record TechnicianLoad(long userId, long openTickets) {}

    private Mono<Void> upsert(UserChanged user) {
        return db.sql(
                        """
                        insert into user_view (user_id, username, email, first_name, last_name, is_admin, is_tech,
                                               disabled)
                        values (:id, :username, :email, :first, :last, :admin, :tech, :disabled)
                        on conflict (tenant_id, user_id) do update set
                          username = excluded.username, email = excluded.email, first_name = excluded.first_name,
                          last_name = excluded.last_name, is_admin = excluded.is_admin, is_tech = excluded.is_tech,
                          disabled = excluded.disabled, deleted = false
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

    private Mono<Void> delete(long userId) {
        return db.sql("update user_view set deleted = true where user_id = :id")
                .bind("id", userId)
                .then()
                .then(db.sql("delete from category_techs where user_id = :id")
                        .bind("id", userId)
                        .then());
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

    record UsersMerged(long fromUserId, long intoUserId) {}

    record CategoryTech(long userId, long categoryId) {}
}

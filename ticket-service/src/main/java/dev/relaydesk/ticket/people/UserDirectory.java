package dev.relaydesk.ticket.people;

import dev.relaydesk.platform.inbox.Inbox;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * ticket-service's local copy of the users it shows on tickets ({@code SubmitterUserInfo}, {@code AssigneeUserInfo}),
 * kept from user-service's events so that rendering a ticket never calls another service. Each event is applied once.
 */
@Component
public class UserDirectory {

    static final String CONSUMER = "user-directory";
    private static final Logger log = LoggerFactory.getLogger(UserDirectory.class);

    private final Inbox inbox;
    private final DatabaseClient db;
    private final JsonMapper json;

    public UserDirectory(Inbox inbox, DatabaseClient db, JsonMapper json) {
        this.inbox = inbox;
        this.db = db;
        this.json = json;
    }

    @KafkaListener(topics = "user.users", groupId = "ticket-service.user-directory")
    void on(CloudEvent event) {
        if (!event.getType().startsWith("relaydesk.user.created.")
                && !event.getType().startsWith("relaydesk.user.updated.")) {
            return;
        }
        inbox.applyOnce(CONSUMER, event, e -> upsert(json.readValue(e.getData().toBytes(), UserChanged.class)))
                .block(Duration.ofSeconds(30));
    }

    private Mono<Void> upsert(UserChanged user) {
        log.debug("Directory entry for user {}", user.userId());
        var insert = db.sql(
                        """
                        insert into user_view (user_id, username, email, first_name, last_name, is_admin, is_tech, company_id)
                        values (:id, :username, :email, :first, :last, :admin, :tech, :company)
                        on conflict (tenant_id, user_id) do update set
                          username = excluded.username, email = excluded.email, first_name = excluded.first_name,
                          last_name = excluded.last_name, is_admin = excluded.is_admin, is_tech = excluded.is_tech,
                          company_id = excluded.company_id, updated_at = now()
                        """)
                .bind("id", user.userId())
                .bind("username", user.username())
                .bind("email", orEmpty(user.email()))
                .bind("first", orEmpty(user.firstName()))
                .bind("last", orEmpty(user.lastName()))
                .bind("admin", Boolean.TRUE.equals(user.isAdmin()))
                .bind("tech", Boolean.TRUE.equals(user.isTech()));
        return (user.companyId() == null
                        ? insert.bindNull("company", Long.class)
                        : insert.bind("company", user.companyId()))
                .then();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The fields of user-service's user events this read model needs (tolerant reader: the rest is ignored). */
    record UserChanged(
            long userId,
            String username,
            String email,
            String firstName,
            String lastName,
            Boolean isAdmin,
            Boolean isTech,
            Long companyId) {}
}

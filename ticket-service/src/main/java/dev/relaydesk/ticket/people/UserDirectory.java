package dev.relaydesk.ticket.people;

import dev.relaydesk.platform.inbox.Inbox;
import dev.relaydesk.ticket.tickets.TicketManagement;
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
 * ticket-service's local copy of the users it shows on tickets ({@code SubmitterUserInfo}, {@code AssigneeUserInfo})
 * and offers as assignees, kept from user-service's events so that rendering a ticket never calls another service.
 * A merge moves the merged-away user's tickets to the kept user. Each event is applied once.
 */
@Component
public class UserDirectory {

    static final String CONSUMER = "user-directory";
    private static final Logger log = LoggerFactory.getLogger(UserDirectory.class);

    private final Inbox inbox;
    private final DatabaseClient db;
    private final JsonMapper json;
    private final TicketManagement tickets;

    public UserDirectory(Inbox inbox, DatabaseClient db, JsonMapper json, TicketManagement tickets) {
        this.inbox = inbox;
        this.db = db;
        this.json = json;
        this.tickets = tickets;
    }

    @KafkaListener(topics = "user.users", groupId = "ticket-service.user-directory")
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
        } else if (type.startsWith("relaydesk.user.merged.")) {
            inbox.applyOnce(
                            CONSUMER,
                            event,
                            e -> merge(json.readValue(e.getData().toBytes(), UsersMerged.class)))
                    .block(Duration.ofSeconds(30));
        }
    }

    private Mono<Void> upsert(UserChanged user) {
        log.debug("Directory entry for user {}", user.userId());
        var insert = db.sql(
                        """
                        insert into user_view (user_id, username, email, first_name, last_name, is_admin, is_tech,
                                               is_manager, company_id, department_id, phone, location, disabled)
                        values (:id, :username, :email, :first, :last, :admin, :tech, :manager, :company, :department,
                                :phone, :location, :disabled)
                        on conflict (tenant_id, user_id) do update set
                          username = excluded.username, email = excluded.email, first_name = excluded.first_name,
                          last_name = excluded.last_name, is_admin = excluded.is_admin, is_tech = excluded.is_tech,
                          is_manager = excluded.is_manager, company_id = excluded.company_id,
                          department_id = excluded.department_id, phone = excluded.phone,
                          location = excluded.location, disabled = excluded.disabled, deleted = false,
                          updated_at = now()
                        """)
                .bind("id", user.userId())
                .bind("username", user.username() == null ? "" : user.username())
                .bind("email", orEmpty(user.email()))
                .bind("first", orEmpty(user.firstName()))
                .bind("last", orEmpty(user.lastName()))
                .bind("admin", Boolean.TRUE.equals(user.isAdmin()))
                .bind("tech", Boolean.TRUE.equals(user.isTech()))
                .bind("manager", Boolean.TRUE.equals(user.isManager()))
                .bind("phone", orEmpty(user.phone()))
                .bind("location", orEmpty(user.location()))
                .bind("disabled", Boolean.TRUE.equals(user.disabled()));
        insert = user.companyId() == null
                ? insert.bindNull("company", Long.class)
                : insert.bind("company", user.companyId());
        insert = user.departmentId() == null
                ? insert.bindNull("department", Long.class)
                : insert.bind("department", user.departmentId());
        return insert.then();
    }

    private Mono<Void> delete(UserDeleted user) {
        return db.sql("update user_view set deleted = true, updated_at = now() where user_id = :id")
                .bind("id", user.userId())
                .then()
                .then(db.sql("delete from category_techs where user_id = :id")
                        .bind("id", user.userId())
                        .then());
    }

    /** Moves the merged-away user's tickets to the kept user (with audit rows and ticket events), then forgets them. */
    private Mono<Void> merge(UsersMerged merged) {
        log.debug("Moving tickets of user {} to user {}", merged.fromUserId(), merged.intoUserId());
        return tickets.moveUsersTickets(merged.fromUserId(), merged.intoUserId())
                .then(db.sql(
                                """
                                insert into ticket_subscribers (ticket_id, user_id)
                                select ticket_id, :into from ticket_subscribers where user_id = :from
                                on conflict do nothing
                                """)
                        .bind("from", merged.fromUserId())
                        .bind("into", merged.intoUserId())
                        .then())
                .then(db.sql("delete from ticket_subscribers where user_id = :from")
                        .bind("from", merged.fromUserId())
                        .then())
                .then(delete(new UserDeleted(merged.fromUserId())));
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
            Boolean isManager,
            Long companyId,
            Long departmentId,
            String phone,
            String location,
            Boolean disabled) {}

    record UserDeleted(long userId) {}

    record UsersMerged(long fromUserId, long intoUserId) {}
}

package dev.relaydesk.notification.inapp;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stores in-app notifications per user and lets each user read and acknowledge their own. Writers call it inside
 * their own (event consumer) transaction; readers get only the caller's rows of the caller's tenant.
 */
@Component
public class InAppNotifications {

    private static final String COLUMNS = "id, user_id, kind, title, body, ticket_id, link_id, created_at, read_at";

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public InAppNotifications(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** Adds a notification for {@code userId}, in the current transaction. */
    public Mono<Void> notify(long userId, String kind, String title, String body, Long ticketId, Long linkId) {
        var sql = db.sql("insert into notification (user_id, kind, title, body, ticket_id, link_id) values (:user,"
                        + " :kind, :title, :body, :ticket, :link)")
                .bind("user", userId)
                .bind("kind", kind)
                .bind("title", title)
                .bind("body", body);
        sql = ticketId == null ? sql.bindNull("ticket", Long.class) : sql.bind("ticket", ticketId);
        sql = linkId == null ? sql.bindNull("link", Long.class) : sql.bind("link", linkId);
        return sql.then();
    }

    /** Adds a notification for every active administrator of the current tenant; their e-mail addresses. */
    public Flux<String> notifyAdministrators(String kind, String title, String body, Long linkId) {
        var sql = db.sql("with admins as (select user_id, email from user_view where is_admin and not disabled),"
                        + " added as (insert into notification (user_id, kind, title, body, link_id) select user_id,"
                        + " :kind, :title, :body, :link from admins) select email from admins where email <> ''")
                .bind("kind", kind)
                .bind("title", title)
                .bind("body", body);
        sql = linkId == null ? sql.bindNull("link", Long.class) : sql.bind("link", linkId);
        return sql.map(row -> row.get("email", String.class)).all();
    }

    /** The caller's notifications, newest first. */
    public Flux<Notification> mine(Caller caller, boolean unreadOnly, int limit) {
        if (limit < 1 || limit > 500) {
            throw ApiException.badParameter("limit", "must be between 1 and 500");
        }
        return tx.transactional(db.sql("select " + COLUMNS + " from notification where user_id = :user"
                        + (unreadOnly ? " and read_at is null" : "") + " order by id desc limit :limit")
                .bind("user", caller.userId())
                .bind("limit", limit)
                .map(InAppNotifications::read)
                .all());
    }

    /** Marks one of the caller's notifications read; 404 when it is not the caller's. */
    public Mono<Notification> markRead(Caller caller, long id) {
        return tx.transactional(db.sql("update notification set read_at = coalesce(read_at, now()) where id = :id and"
                                + " user_id = :user returning " + COLUMNS)
                        .bind("id", id)
                        .bind("user", caller.userId())
                        .map(InAppNotifications::read)
                        .one())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Notification", id)));
    }

    /** Marks all of the caller's notifications read; how many changed. */
    public Mono<Long> markAllRead(Caller caller) {
        return tx.transactional(
                db.sql("update notification set read_at = now() where user_id = :user and read_at is" + " null")
                        .bind("user", caller.userId())
                        .fetch()
                        .rowsUpdated());
    }

    private static Notification read(Readable row) {
        return new Notification(
                row.get("id", Long.class),
                row.get("user_id", Long.class),
                row.get("kind", String.class),
                row.get("title", String.class),
                row.get("body", String.class),
                row.get("ticket_id", Long.class),
                row.get("link_id", Long.class),
                row.get("created_at", Instant.class),
                row.get("read_at", Instant.class));
    }
}

package dev.relaydesk.user.permission;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutgoingEvent;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.user.account.UserAccounts;
import dev.relaydesk.user.account.UserCreated;
import dev.relaydesk.user.account.UserUpdated;
import dev.relaydesk.user.credential.CredentialsChanged;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Which categories a technician works in (administrators only). Granting the first category makes the user a
 * technician, which changes their roles ({@link CredentialsChanged} with reason {@code roles}) and the user as other
 * services know them ({@link UserUpdated}: their read models offer technicians as assignees). Categories belong to
 * ticket-service, so an unknown category id is not detected here.
 */
@Service
public class CategoryTechPermissions {

    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final UserAccounts accounts;

    public CategoryTechPermissions(DatabaseClient db, Outbox outbox, TransactionalOperator tx, UserAccounts accounts) {
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
        this.accounts = accounts;
    }

    public Mono<Void> add(Caller caller, long userId, long categoryId) {
        return Access.asAdministrator(
                caller,
                tx.transactional(technicianFlag(userId)
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("User", userId)))
                        .flatMap(wasTech -> db.sql("insert into category_tech_permissions (user_id, category_id)"
                                        + " values (:user, :category) on conflict do nothing")
                                .bind("user", userId)
                                .bind("category", categoryId)
                                .fetch()
                                .rowsUpdated()
                                .flatMap(inserted -> inserted == 0
                                        ? Mono.empty()
                                        : outbox.append(OutgoingEvent.of(
                                                CategoryTechPermissionAdded.TOPIC,
                                                userId,
                                                CategoryTechPermissionAdded.TYPE,
                                                new CategoryTechPermissionAdded(userId, categoryId, Instant.now()))))
                                .then(
                                        wasTech
                                                ? Mono.empty()
                                                : db.sql("update users set is_tech = true where id = :id")
                                                        .bind("id", userId)
                                                        .then()
                                                        .then(accounts.byId(userId))
                                                        .flatMap(user -> outbox.append(OutgoingEvent.of(
                                                                UserCreated.TOPIC,
                                                                userId,
                                                                UserUpdated.TYPE,
                                                                UserUpdated.of(user))))
                                                        .then(outbox.append(CredentialsChanged.event(
                                                                userId, CredentialsChanged.ROLES)))))));
    }

    public Mono<Void> remove(Caller caller, long userId, long categoryId) {
        return Access.asAdministrator(
                caller,
                tx.transactional(technicianFlag(userId)
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("User", userId)))
                        .then(db.sql("delete from category_tech_permissions"
                                        + " where user_id = :user and category_id = :category")
                                .bind("user", userId)
                                .bind("category", categoryId)
                                .fetch()
                                .rowsUpdated())
                        .flatMap(deleted -> deleted == 0
                                ? Mono.empty()
                                : outbox.append(OutgoingEvent.of(
                                        CategoryTechPermissionAdded.TOPIC,
                                        userId,
                                        CategoryTechPermissionRemoved.TYPE,
                                        new CategoryTechPermissionRemoved(userId, categoryId, Instant.now()))))));
    }

    /** The categories the user is a technician in; call inside a transaction. */
    public reactor.core.publisher.Flux<Long> categoriesOf(long userId) {
        return db.sql("select category_id from category_tech_permissions where user_id = :user order by category_id")
                .bind("user", userId)
                .map(row -> row.get(0, Long.class))
                .all();
    }

    private Mono<Boolean> technicianFlag(long userId) {
        return db.sql("select is_tech from users where id = :id")
                .bind("id", userId)
                .map(row -> Boolean.TRUE.equals(row.get(0, Boolean.class)))
                .one();
    }
}

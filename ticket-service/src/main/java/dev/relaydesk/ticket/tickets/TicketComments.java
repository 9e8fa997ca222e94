package dev.relaydesk.ticket.tickets;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutgoingEvent;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.ticket.tickets.TicketEvents.CommentAdded;
import dev.relaydesk.ticket.tickets.TicketEvents.CommentUpdated;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Comments (replies) on tickets and canned responses. A techs-only comment exists only for technicians and
 * administrators: lists, lookups and search leave it out for everyone else. A public reply by the submitter marks the
 * ticket "updated by user" (it becomes unanswered); one by a technician marks it "updated by performer" and moves a
 * New ticket to In process (it is answered).
 */
@Service
public class TicketComments {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Outbox outbox;
    private final TicketManagement tickets;

    public TicketComments(DatabaseClient db, TransactionalOperator tx, Outbox outbox, TicketManagement tickets) {
        this.db = db;
        this.tx = tx;
        this.outbox = outbox;
        this.tickets = tickets;
    }

    /** Posts a comment; its id. */
    public Mono<Long> post(Caller caller, NewComment request) {
        if ((request.forTechsOnly() || request.isSystem()) && !caller.isTechnician()) {
            return Mono.error(
                    ApiException.forbidden("Posting a techs-only or system comment requires technician permissions"));
        }
        boolean asOther = request.fromUserId() != null && request.fromUserId() != caller.userId();
        if (asOther && !caller.isAdmin()) {
            return Mono.error(ApiException.forbidden("Posting as another user requires administrator permissions"));
        }
        Mono<Author> author = asOther
                ? db.sql("select is_admin or is_tech from user_view where user_id = :id and not deleted")
                        .bind("id", request.fromUserId())
                        .map(row -> new Author(request.fromUserId(), Boolean.TRUE.equals(row.get(0, Boolean.class))))
                        .one()
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("User", request.fromUserId())))
                : Mono.just(new Author(caller.userId(), caller.isTechnician()));
        return tx.transactional(tickets.lockVisible(caller, request.ticketId())
                .flatMap(before -> author.flatMap(a -> {
                    TicketState after = before.copy();
                    if (!request.forTechsOnly() && !request.isSystem()) {
                        boolean byPerformer = a.technician() && a.userId() != before.submitterId;
                        after.updatedByPerformer = byPerformer;
                        after.updatedByUser = !byPerformer;
                        after.updatedForTechView = !byPerformer;
                        if (byPerformer && after.statusId == Status.NEW) {
                            after.statusId = Status.IN_PROCESS;
                        }
                    }
                    after.lastUpdatedBy = a.userId();
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    String recipients =
                            request.recipientIds().stream().map(String::valueOf).collect(Collectors.joining(","));
                    return db.sql(
                                    """
                            insert into comments (ticket_id, user_id, body, for_techs_only, is_system, recipients,
                                                  created_at)
                            values (:t, :u, :body, :techs, :system, :recipients, :at) returning id
                            """)
                            .bind("t", before.id)
                            .bind("u", a.userId())
                            .bind("body", request.body())
                            .bind("techs", request.forTechsOnly())
                            .bind("system", request.isSystem())
                            .bind("recipients", recipients)
                            .bind("at", now)
                            .map(row -> row.get(0, Long.class))
                            .one()
                            .flatMap(id -> tickets.record(a.userId(), before, after, false, null)
                                    .flatMap(written -> outbox.append(OutgoingEvent.of(
                                            TicketEvents.TOPIC,
                                            written.id,
                                            CommentAdded.TYPE,
                                            new CommentAdded(
                                                    id,
                                                    written.id,
                                                    caller.userId(),
                                                    a.userId(),
                                                    request.body(),
                                                    request.forTechsOnly(),
                                                    request.isSystem(),
                                                    request.recipientIds(),
                                                    now,
                                                    written.snapshot(),
                                                    null))))
                                    .thenReturn(id));
                })));
    }

    /** {@code updatecomment}: the author or an administrator changes the text. */
    public Mono<Void> update(Caller caller, long commentId, String body) {
        return tx.transactional(find(caller, commentId).flatMap(c -> {
            if (c.userId() != caller.userId() && !caller.isAdmin()) {
                return Mono.error(ApiException.forbidden("Only the comment's author or an administrator may edit it"));
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return tickets.lockVisible(caller, c.ticketId())
                    .flatMap(t -> db.sql("update comments set body = :body, updated_at = :at where id = :id")
                            .bind("body", body)
                            .bind("at", now)
                            .bind("id", commentId)
                            .then()
                            .then(outbox.append(OutgoingEvent.of(
                                    TicketEvents.TOPIC,
                                    t.id,
                                    CommentUpdated.TYPE,
                                    new CommentUpdated(
                                            commentId,
                                            t.id,
                                            caller.userId(),
                                            c.userId(),
                                            body,
                                            c.forTechsOnly(),
                                            c.isSystem(),
                                            recipientIds(c.recipients()),
                                            now,
                                            t.snapshot(),
                                            null)))));
        }));
    }

    /** {@code Comments?id}: the ticket's comments the caller may see, oldest first. */
    public Mono<List<Comment>> list(Caller caller, long ticketId) {
        return tx.transactional(visibleTicket(caller, ticketId)
                .then(db.sql(SELECT + " where c.ticket_id = :t" + techsOnlyFilter(caller) + " order by c.id")
                        .bind("t", ticketId)
                        .map(TicketComments::comment)
                        .all()
                        .collectList()));
    }

    public Mono<List<CommentTemplate>> templates() {
        return tx.transactional(db.sql("select id, name, body from comment_templates order by lower(name), id")
                .map(row -> new CommentTemplate(
                        row.get("id", Long.class), row.get("name", String.class), row.get("body", String.class)))
                .all()
                .collectList());
    }

    /** Relaydesk addition {@code CreateCommentTemplate} (administrators). */
    public Mono<Long> createTemplate(Caller caller, String name, String body) {
        if (!caller.isAdmin()) {
            return Mono.error(ApiException.forbidden("Creating comment templates requires administrator permissions"));
        }
        return tx.transactional(db.sql("insert into comment_templates (name, body) values (:n, :b) returning id")
                .bind("n", name)
                .bind("b", body)
                .map(row -> row.get(0, Long.class))
                .one());
    }

    /** The comment if the caller may see it (its ticket visible, techs-only only for technicians); 404 otherwise. */
    private Mono<Comment> find(Caller caller, long commentId) {
        return db.sql(SELECT + " join tickets t on t.id = c.ticket_id where c.id = :id and "
                        + Visibility.predicate(caller) + techsOnlyFilter(caller))
                .bind("id", commentId)
                .bind("me", caller.userId())
                .map(TicketComments::comment)
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Comment", commentId)));
    }

    private Mono<Void> visibleTicket(Caller caller, long ticketId) {
        return db.sql("select t.id from tickets t where t.id = :id and " + Visibility.predicate(caller))
                .bind("id", ticketId)
                .bind("me", caller.userId())
                .map(row -> row.get(0, Long.class))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Ticket", ticketId)))
                .then();
    }

    static String techsOnlyFilter(Caller caller) {
        return caller.isTechnician() ? "" : " and not c.for_techs_only";
    }

    private static final String SELECT =
            """
            select c.id, c.ticket_id, c.user_id, u.username, u.email, u.first_name, u.last_name, c.is_system,
                   c.created_at, c.for_techs_only, c.body, c.recipients
              from comments c
              left join user_view u on u.user_id = c.user_id
            """;

    private static Comment comment(io.r2dbc.spi.Readable row) {
        return new Comment(
                row.get("id", Long.class),
                row.get("ticket_id", Long.class),
                row.get("user_id", Long.class),
                row.get("username", String.class),
                row.get("email", String.class),
                row.get("first_name", String.class),
                row.get("last_name", String.class),
                Boolean.TRUE.equals(row.get("is_system", Boolean.class)),
                TicketState.instant(row, "created_at"),
                Boolean.TRUE.equals(row.get("for_techs_only", Boolean.class)),
                row.get("body", String.class),
                row.get("recipients", String.class));
    }

    private static List<Long> recipientIds(String recipients) {
        return recipients.isBlank()
                ? List.of()
                : Arrays.stream(recipients.split(",")).map(Long::parseLong).toList();
    }

    private record Author(long userId, boolean technician) {}
}

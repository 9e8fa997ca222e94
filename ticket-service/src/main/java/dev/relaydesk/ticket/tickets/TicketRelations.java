package dev.relaydesk.ticket.tickets;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutgoingEvent;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.ticket.tickets.TicketEvents.SubTicketAdded;
import dev.relaydesk.ticket.tickets.TicketEvents.SubTicketRemoved;
import dev.relaydesk.ticket.tickets.TicketEvents.TicketLinked;
import dev.relaydesk.ticket.tickets.TicketEvents.TicketMerged;
import dev.relaydesk.ticket.tickets.TicketEvents.TicketUnlinked;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Subscribers, related tickets, sub-tickets, merges and integration links. Reading needs only sight of the ticket;
 * linking, sub-tickets and merging need technician rights; a regular user may (un)subscribe only themselves.
 */
@Service
public class TicketRelations {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Outbox outbox;
    private final TicketManagement tickets;
    private final TicketQueries queries;

    public TicketRelations(
            DatabaseClient db,
            TransactionalOperator tx,
            Outbox outbox,
            TicketManagement tickets,
            TicketQueries queries) {
        this.db = db;
        this.tx = tx;
        this.outbox = outbox;
        this.tickets = tickets;
        this.queries = queries;
    }

    // --- subscribers

    public Mono<Void> addSubscriber(Caller caller, long ticketId, long userId) {
        return selfOrTechnician(caller, userId)
                .then(tx.transactional(tickets.lockVisible(caller, ticketId)
                        .flatMap(t -> requireUser(userId).then(tickets.subscribe(t.id, userId)))));
    }

    public Mono<Void> removeSubscriber(Caller caller, long ticketId, long userId) {
        return selfOrTechnician(caller, userId)
                .then(tx.transactional(tickets.lockVisible(caller, ticketId)
                        .flatMap(t -> db.sql("delete from ticket_subscribers where ticket_id = :t and user_id = :u")
                                .bind("t", t.id)
                                .bind("u", userId)
                                .fetch()
                                .rowsUpdated()
                                .flatMap(n -> n == 0
                                        ? Mono.error(ApiException.notFound("Subscriber", userId))
                                        : Mono.<Void>empty()))));
    }

    public Mono<List<Subscriber>> subscribers(Caller caller, long ticketId) {
        return tx.transactional(visible(caller, ticketId)
                .then(db.sql(
                                """
                                select s.user_id, u.username, u.email, u.first_name, u.last_name
                                  from ticket_subscribers s left join user_view u on u.user_id = s.user_id
                                 where s.ticket_id = :t order by s.user_id
                                """)
                        .bind("t", ticketId)
                        .map(row -> new Subscriber(
                                row.get("user_id", Long.class),
                                row.get("username", String.class),
                                row.get("email", String.class),
                                row.get("first_name", String.class),
                                row.get("last_name", String.class)))
                        .all()
                        .collectList()));
    }

    // --- related tickets

    public Mono<Void> link(Caller caller, long id, long id2) {
        return pair(caller, id, id2, "id2", (first, second) -> db.sql(
                        """
                                insert into ticket_links (ticket_id, linked_id) values (:a, :b) on conflict do nothing
                                """)
                .bind("a", Math.min(id, id2))
                .bind("b", Math.max(id, id2))
                .fetch()
                .rowsUpdated()
                .flatMap(n -> n == 0
                        ? Mono.<Void>empty()
                        : append(
                                id,
                                TicketLinked.TYPE,
                                new TicketLinked(id, caller.userId(), now(), first.snapshot(), null, id2))));
    }

    public Mono<Void> unlink(Caller caller, long id, long id2) {
        return pair(caller, id, id2, "id2", (first, second) -> db.sql(
                        "delete from ticket_links where ticket_id = :a and linked_id = :b")
                .bind("a", Math.min(id, id2))
                .bind("b", Math.max(id, id2))
                .fetch()
                .rowsUpdated()
                .flatMap(n -> n == 0
                        ? Mono.error(ApiException.badParameter("id2", "is not linked to ticket " + id))
                        : append(
                                id,
                                TicketUnlinked.TYPE,
                                new TicketUnlinked(id, caller.userId(), now(), first.snapshot(), null, id2))));
    }

    public Mono<List<TicketSummary>> linked(Caller caller, long id) {
        return tx.transactional(visible(caller, id)
                        .then(db.sql(
                                        """
                                        select case when ticket_id = :id then linked_id else ticket_id end
                                          from ticket_links where ticket_id = :id or linked_id = :id
                                         order by 1
                                        """)
                                .bind("id", id)
                                .map(row -> row.get(0, Long.class))
                                .all()
                                .collectList()))
                .flatMap(ids -> queries.byIds(caller, ids));
    }

    // --- sub-tickets

    public Mono<Void> addSubTicket(Caller caller, long parentId, long childId) {
        return pair(caller, parentId, childId, "childId", (parent, child) -> db.sql(
                        """
                                with recursive ancestors(id) as (
                                  select cast(:parent as bigint)
                                  union select t.parent_id from tickets t join ancestors a on t.id = a.id
                                   where t.parent_id is not null)
                                select count(*) from ancestors where id = :child
                                """)
                .bind("parent", parentId)
                .bind("child", childId)
                .map(row -> row.get(0, Long.class))
                .one()
                .flatMap(cycles -> {
                    if (cycles > 0) {
                        return Mono.error(ApiException.badParameter(
                                "childId", "is an ancestor of ticket " + parentId + " (no cycles)"));
                    }
                    return db.sql("update tickets set parent_id = :p where id = :c")
                            .bind("p", parentId)
                            .bind("c", childId)
                            .then()
                            .then(tickets.auditChanges(
                                    childId,
                                    caller.userId(),
                                    List.of(new TicketChange(
                                            "parentTicketId",
                                            child.parentId == null ? null : child.parentId.toString(),
                                            Long.toString(parentId)))))
                            .then(append(
                                    parentId,
                                    SubTicketAdded.TYPE,
                                    new SubTicketAdded(
                                            parentId,
                                            caller.userId(),
                                            now(),
                                            parent.snapshot(),
                                            null,
                                            parentId,
                                            childId)));
                }));
    }

    public Mono<Void> removeSubTicket(Caller caller, long childId) {
        return technician(caller)
                .then(tx.transactional(tickets.lockVisible(caller, childId).flatMap(child -> {
                    if (child.parentId == null) {
                        return Mono.error(ApiException.badParameter("childId", "is not a sub-ticket"));
                    }
                    long parentId = child.parentId;
                    return tickets.lockAny(parentId)
                            .flatMap(parent -> db.sql("update tickets set parent_id = null where id = :c")
                                    .bind("c", childId)
                                    .then()
                                    .then(tickets.auditChanges(
                                            childId,
                                            caller.userId(),
                                            List.of(new TicketChange("parentTicketId", Long.toString(parentId), null))))
                                    .then(append(
                                            parentId,
                                            SubTicketRemoved.TYPE,
                                            new SubTicketRemoved(
                                                    parentId,
                                                    caller.userId(),
                                                    now(),
                                                    parent.snapshot(),
                                                    null,
                                                    parentId,
                                                    childId))));
                })));
    }

    public Mono<List<TicketSummary>> subTickets(Caller caller, long id) {
        return tx.transactional(visible(caller, id)
                        .then(db.sql("select id from tickets where parent_id = :id order by id")
                                .bind("id", id)
                                .map(row -> row.get(0, Long.class))
                                .all()
                                .collectList()))
                .flatMap(ids -> queries.byIds(caller, ids));
    }

    /** The parent's id, or 0 when there is none (or the caller may not see it). */
    public Mono<Long> parent(Caller caller, long id) {
        return tx.transactional(db.sql(
                        "select t.parent_id from tickets t where t.id = :id and " + Visibility.predicate(caller))
                .bind("id", id)
                .bind("me", caller.userId())
                .map(row -> java.util.Optional.ofNullable(row.get(0, Long.class)))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Ticket", id)))
                .flatMap(parent -> parent.isEmpty()
                        ? Mono.just(0L)
                        : db.sql("select t.id from tickets t where t.id = :id and " + Visibility.predicate(caller))
                                .bind("id", parent.get())
                                .bind("me", caller.userId())
                                .map(row -> row.get(0, Long.class))
                                .one()
                                .defaultIfEmpty(0L)));
    }

    // --- merging

    /**
     * {@code MergeTickets}: moves the comments, files, subscribers, tags, links and sub-tickets of {@code fromId} to
     * {@code intoId}, then deletes {@code fromId} for good (a record of where it went stays in ticket_merges).
     */
    public Mono<Void> merge(Caller caller, long intoId, long fromId) {
        return pair(caller, intoId, fromId, "id2", (into, from) -> {
            TicketState after = into.copy();
            List<String> tags = new ArrayList<>(into.tags);
            for (String tag : from.tags) {
                if (tags.stream().noneMatch(t -> t.equalsIgnoreCase(tag))) {
                    tags.add(tag);
                }
            }
            tags.sort(String.CASE_INSENSITIVE_ORDER);
            after.tags = tags;
            after.lastUpdatedBy = caller.userId();
            Instant now = now();
            return run("update comments set ticket_id = :into where ticket_id = :from", intoId, fromId)
                    .then(run("update attachments set ticket_id = :into where ticket_id = :from", intoId, fromId))
                    .then(run(
                            """
                            insert into ticket_subscribers (ticket_id, user_id)
                            select :into, user_id from ticket_subscribers where ticket_id = :from
                            on conflict do nothing
                            """,
                            intoId,
                            fromId))
                    .then(run(
                            """
                            insert into ticket_links (ticket_id, linked_id)
                            select least(:into, other), greatest(:into, other) from (
                              select case when ticket_id = :from then linked_id else ticket_id end as other
                                from ticket_links where ticket_id = :from or linked_id = :from) o
                             where other <> :into
                            on conflict do nothing
                            """,
                            intoId,
                            fromId))
                    .then(run(
                            "update tickets set parent_id = :into where parent_id = :from and id <> :into",
                            intoId,
                            fromId))
                    .then(run(
                            """
                            insert into ticket_integrations (ticket_id, system, url)
                            select :into, system, url from ticket_integrations where ticket_id = :from
                            on conflict do nothing
                            """,
                            intoId,
                            fromId))
                    .then(db.sql("insert into ticket_merges (from_id, into_id, user_id) values (:from, :into, :u)")
                            .bind("from", fromId)
                            .bind("into", intoId)
                            .bind("u", caller.userId())
                            .then())
                    .then(db.sql("delete from tickets where id = :from")
                            .bind("from", fromId)
                            .then())
                    .then(tickets.auditChanges(
                            intoId,
                            caller.userId(),
                            List.of(new TicketChange("mergedTicketId", Long.toString(fromId), Long.toString(intoId)))))
                    .then(tickets.record(caller.userId(), into, after, false, null))
                    .flatMap(written -> append(
                            intoId,
                            TicketMerged.TYPE,
                            new TicketMerged(intoId, caller.userId(), now, written.snapshot(), null, fromId, intoId)));
        });
    }

    /** {@code TicketIntegrationData}: the issue-tracker links by system. */
    public Mono<IntegrationLinks> integrations(Caller caller, long id) {
        return tx.transactional(visible(caller, id)
                .then(db.sql("select system, url from ticket_integrations where ticket_id = :id")
                        .bind("id", id)
                        .map(row -> Map.entry(row.get("system", String.class), row.get("url", String.class)))
                        .all()
                        .collectMap(
                                Map.Entry::getKey,
                                Map.Entry::getValue,
                                () -> new TreeMap<>(String.CASE_INSENSITIVE_ORDER)))
                .map(IntegrationLinks::new));
    }

    // --- helpers

    /** Both tickets visible to a technician (404 otherwise), distinct (400 naming {@code second}), locked in id order. */
    private Mono<Void> pair(
            Caller caller,
            long first,
            long second,
            String secondName,
            java.util.function.BiFunction<TicketState, TicketState, Mono<Void>> action) {
        if (first == second) {
            return Mono.error(ApiException.badParameter(secondName, "must name another ticket"));
        }
        return technician(caller).then(tx.transactional(Mono.defer(() -> {
            Mono<TicketState> a = tickets.lockVisible(caller, Math.min(first, second));
            return a.flatMap(low -> tickets.lockVisible(caller, Math.max(first, second))
                    .flatMap(high -> first < second ? action.apply(low, high) : action.apply(high, low)));
        })));
    }

    private Mono<Void> run(String sql, long into, long from) {
        return db.sql(sql).bind("into", into).bind("from", from).then();
    }

    private Mono<Void> append(long ticketId, String type, Object event) {
        return outbox.append(OutgoingEvent.of(TicketEvents.TOPIC, ticketId, type, event));
    }

    private Mono<Void> visible(Caller caller, long id) {
        return db.sql("select t.id from tickets t where t.id = :id and " + Visibility.predicate(caller))
                .bind("id", id)
                .bind("me", caller.userId())
                .map(row -> row.get(0, Long.class))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Ticket", id)))
                .then();
    }

    private Mono<Void> requireUser(long userId) {
        return db.sql("select user_id from user_view where user_id = :id and not deleted")
                .bind("id", userId)
                .map(row -> row.get(0, Long.class))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("User", userId)))
                .then();
    }

    private static Mono<Void> technician(Caller caller) {
        return caller.isTechnician()
                ? Mono.empty()
                : Mono.error(ApiException.forbidden("This requires technician permissions"));
    }

    private static Mono<Void> selfOrTechnician(Caller caller, long userId) {
        return caller.isTechnician() || caller.userId() == userId
                ? Mono.empty()
                : Mono.error(ApiException.forbidden("Subscribing other users requires technician permissions"));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}

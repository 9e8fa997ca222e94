package dev.relaydesk.automation.ticket;

import java.util.Collection;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The current tenant's ticket read model (call inside a tenant transaction). */
@Component
public class TicketSnapshots {

    private final DatabaseClient db;
    private final JsonMapper json;

    public TicketSnapshots(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    public Mono<TicketSnapshot> find(long ticketId) {
        return db.sql("select snapshot::text from ticket_snapshots where ticket_id = :id")
                .bind("id", ticketId)
                .map(row -> json.readValue(row.get(0, String.class), TicketSnapshot.class))
                .one();
    }

    /** The snapshots of these tickets that exist, in one query. */
    public Flux<TicketSnapshot> findAll(Collection<Long> ticketIds) {
        if (ticketIds.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("select snapshot::text from ticket_snapshots where ticket_id = any(:ids)")
                .bind("ids", ticketIds.toArray(Long[]::new))
                .map(row -> json.readValue(row.get(0, String.class), TicketSnapshot.class))
                .all();
    }

    /**
     * Saves these snapshots (one per ticket) in one statement; the indexed columns come from the snapshot JSON itself,
     * so the arrays bound carry no nulls.
     */
    public Mono<Void> saveAll(Collection<TicketSnapshot> tickets) {
        if (tickets.isEmpty()) {
            return Mono.empty();
        }
        if (tickets.size() == 1) {
            return save(tickets.iterator().next());
        }
        return db.sql(
                        """
                        insert into ticket_snapshots (ticket_id, category_id, assignee_id, open, snapshot)
                        select x.id, cast(x.s ->> 'categoryId' as bigint), cast(x.s ->> 'assignedToUserId' as bigint),
                               x.open, x.s
                          from (select u.id, u.open, cast(u.s as jsonb) as s
                                  from unnest(cast(:ids as bigint[]), cast(:opens as boolean[]), cast(:snapshots as text[]))
                                       as u(id, open, s)) x
                        on conflict (tenant_id, ticket_id) do update set category_id = excluded.category_id,
                          assignee_id = excluded.assignee_id, open = excluded.open, snapshot = excluded.snapshot,
                          updated_at = now()
                        """)
                .bind("ids", tickets.stream().map(TicketSnapshot::ticketId).toArray(Long[]::new))
                .bind("opens", tickets.stream().map(TicketSnapshot::open).toArray(Boolean[]::new))
                .bind(
                        "snapshots",
                        tickets.stream().map(json::writeValueAsString).toArray(String[]::new))
                .then();
    }

    public Flux<TicketSnapshot> open() {
        return db.sql("select snapshot::text from ticket_snapshots where open order by ticket_id")
                .map(row -> json.readValue(row.get(0, String.class), TicketSnapshot.class))
                .all();
    }

    public Mono<Void> save(TicketSnapshot ticket) {
        var sql = db.sql(
                        """
                        insert into ticket_snapshots (ticket_id, category_id, assignee_id, open, snapshot)
                        values (:id, :category, :assignee, :open, cast(:snapshot as jsonb))
                        on conflict (tenant_id, ticket_id) do update set category_id = excluded.category_id,
                          assignee_id = excluded.assignee_id, open = excluded.open, snapshot = excluded.snapshot,
                          updated_at = now()
                        """)
                .bind("id", ticket.ticketId())
                .bind("open", ticket.open())
                .bind("snapshot", json.writeValueAsString(ticket));
        sql = ticket.categoryId() == null
                ? sql.bindNull("category", Long.class)
                : sql.bind("category", ticket.categoryId());
        sql = ticket.assignedToUserId() == null
                ? sql.bindNull("assignee", Long.class)
                : sql.bind("assignee", ticket.assignedToUserId());
        return sql.then();
    }

    public Mono<Void> delete(long ticketId) {
        return db.sql("delete from ticket_snapshots where ticket_id = :id")
                .bind("id", ticketId)
                .then();
    }
}

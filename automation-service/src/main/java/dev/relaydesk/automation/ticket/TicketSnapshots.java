package dev.relaydesk.automation.ticket;

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

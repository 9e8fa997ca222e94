package dev.relaydesk.ticket.settings;

import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.ticket.access.Access;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * A tenant's ticket settings, read by everyone in the tenant and changed by administrators. Today one: whether regular
 * users also see their company's tickets (ticket visibility reads it in SQL, see {@code Visibility}).
 */
@Service
public class TicketSettings {

    /** The settings as they are. */
    public record Settings(boolean companyTicketsVisible) {}

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public TicketSettings(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    public Mono<Settings> get(Caller caller) {
        return tx.transactional(current());
    }

    /** Changes the given settings (null leaves one as it is); administrators only. */
    public Mono<Settings> update(Caller caller, Boolean companyTicketsVisible) {
        if (companyTicketsVisible == null) {
            return Access.asAdministrator(caller, get(caller));
        }
        return Access.asAdministrator(
                caller,
                tx.transactional(db.sql(
                                """
                                insert into ticket_settings (company_tickets_visible) values (:visible)
                                on conflict (tenant_id) do update
                                   set company_tickets_visible = excluded.company_tickets_visible, updated_at = now()
                                """)
                        .bind("visible", companyTicketsVisible)
                        .then()
                        .then(current())));
    }

    private Mono<Settings> current() {
        return db.sql("select company_tickets_visible from ticket_settings")
                .map(row -> new Settings(Boolean.TRUE.equals(row.get(0, Boolean.class))))
                .one()
                .defaultIfEmpty(new Settings(false));
    }
}

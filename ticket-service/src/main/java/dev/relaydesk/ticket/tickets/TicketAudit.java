package dev.relaydesk.ticket.tickets;

import dev.relaydesk.platform.tx.BeforeCommitBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail's rows ({@code ticket_audit}): who changed which field of a ticket, from what to what, and which
 * automation rule did it. A transaction's rows are written with one statement just before it commits, in the order
 * they were added ({@link BeforeCommitBatch}): an update of five fields, or a hundred automation commands applied in
 * one transaction, costs one round trip for its audit, not one per row. Nothing reads the trail inside the transaction
 * that writes it.
 */
@Component
class TicketAudit {

    private final DatabaseClient db;
    private final JsonMapper json;
    private final BeforeCommitBatch<Map<String, Object>> pending =
            new BeforeCommitBatch<>("the ticket audit", this::write);

    TicketAudit(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** Adds the changes to the current transaction's audit rows. */
    Mono<Void> record(long ticketId, Long userId, List<TicketChange> changes, AppliedRule rule) {
        if (changes.isEmpty()) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            Mono<Void> all = Mono.empty();
            for (TicketChange change : changes) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("ticket_id", ticketId);
                row.put("user_id", userId);
                row.put("field", change.field());
                row.put("old_value", change.oldValue());
                row.put("new_value", change.newValue());
                row.put("rule_id", rule == null ? null : rule.ruleId());
                row.put("rule_name", rule == null ? null : rule.ruleName());
                all = all.then(pending.add(row));
            }
            return all;
        });
    }

    /** One statement: the rows travel as one JSON array (its nulls stay nulls), in order. */
    private Mono<Void> write(List<Map<String, Object>> rows) {
        List<Map<String, Object>> numbered = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>(rows.get(i));
            row.put("ord", i);
            numbered.add(row);
        }
        return db.sql(
                        """
                        insert into ticket_audit (ticket_id, user_id, field, old_value, new_value, rule_id, rule_name)
                        select ticket_id, user_id, field, old_value, new_value, rule_id, rule_name
                          from jsonb_to_recordset(cast(:rows as jsonb))
                               as r(ticket_id bigint, user_id bigint, field text, old_value text, new_value text,
                                    rule_id bigint, rule_name text, ord int)
                         order by ord
                        """)
                .bind("rows", json.writeValueAsString(numbered))
                .then();
    }
}

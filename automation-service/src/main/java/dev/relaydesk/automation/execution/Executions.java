package dev.relaydesk.automation.execution;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The record of rule executions (call inside a tenant transaction). */
@Component
public class Executions {

    private static final int LIMIT = 500;
    private static final String COLUMNS = "id, rule_id, rule_name, ticket_id, trigger_type, trigger_event_id,"
            + " origin_event_id, depth, outcome, actions::text as actions, command_id, executed_at";

    private final DatabaseClient db;
    private final JsonMapper json;

    public Executions(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    Mono<Void> record(RuleFiring.Firing f, String outcome, List<Map<String, Object>> actions, UUID commandId) {
        var sql = db.sql(
                        """
                        insert into rule_executions (rule_id, rule_name, ticket_id, trigger_type, trigger_event_id,
                                                     origin_event_id, depth, outcome, actions, command_id)
                        values (:rule, :name, :ticket, :trigger, :event, :origin, :depth, :outcome,
                                cast(:actions as jsonb), :command)
                        """)
                .bind("rule", f.rule().id())
                .bind("name", f.rule().name())
                .bind("ticket", f.ticket().ticketId())
                .bind("trigger", f.trigger())
                .bind("event", f.triggerEventId())
                .bind("origin", f.originEventId())
                .bind("depth", f.depth())
                .bind("outcome", outcome)
                .bind("actions", json.writeValueAsString(actions));
        sql = commandId == null ? sql.bindNull("command", UUID.class) : sql.bind("command", commandId);
        return sql.then();
    }

    /** Oldest first, at most the latest 500. */
    public Flux<Execution> ofRule(long ruleId) {
        return db.sql("select * from (select " + COLUMNS + " from rule_executions where rule_id = :id"
                        + " order by id desc limit " + LIMIT + ") e order by id")
                .bind("id", ruleId)
                .map(this::execution)
                .all();
    }

    /** Oldest first, at most the latest 500. */
    public Flux<Execution> ofTicket(long ticketId) {
        return db.sql("select * from (select " + COLUMNS + " from rule_executions where ticket_id = :id"
                        + " order by id desc limit " + LIMIT + ") e order by id")
                .bind("id", ticketId)
                .map(this::execution)
                .all();
    }

    public Mono<Boolean> anyForTicket(long ticketId) {
        return db.sql("select exists (select 1 from rule_executions where ticket_id = :id)")
                .bind("id", ticketId)
                .map(row -> Boolean.TRUE.equals(row.get(0, Boolean.class)))
                .one();
    }

    private Execution execution(Readable row) {
        UUID command = row.get("command_id", UUID.class);
        return new Execution(
                row.get("id", Long.class),
                row.get("rule_id", Long.class),
                row.get("rule_name", String.class),
                row.get("ticket_id", Long.class),
                row.get("trigger_type", String.class),
                row.get("trigger_event_id", String.class),
                row.get("origin_event_id", String.class),
                row.get("depth", Integer.class),
                row.get("outcome", String.class),
                json.readValue(row.get("actions", String.class), new TypeReference<List<Map<String, Object>>>() {}),
                command == null ? null : command.toString(),
                row.get("executed_at", OffsetDateTime.class).toInstant());
    }
}

package dev.relaydesk.automation.execution;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.platform.tx.BeforeCommitBatch;
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

    private final BeforeCommitBatch<Row> pending = new BeforeCommitBatch<>("Executions.record", this::write);

    public Executions(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /**
     * Records an execution in the current transaction. The records of a transaction are written with one statement
     * just before it commits ({@link BeforeCommitBatch}): a polled batch of events that fires a hundred rules writes
     * one row set, not a hundred statements.
     */
    Mono<Void> record(RuleFiring.Firing f, String outcome, List<Map<String, Object>> actions, UUID commandId) {
        return pending.add(new Row(
                f.rule().id(),
                f.rule().name(),
                f.ticket().ticketId(),
                f.trigger(),
                f.triggerEventId(),
                f.originEventId(),
                f.depth(),
                outcome,
                actions,
                commandId));
    }

    /** One execution; its JSON names are the columns of {@code rule_executions}. */
    private record Row(
            @JsonProperty("rule_id") long ruleId,
            @JsonProperty("rule_name") String ruleName,
            @JsonProperty("ticket_id") long ticketId,
            @JsonProperty("trigger_type") String triggerType,
            @JsonProperty("trigger_event_id") String triggerEventId,
            @JsonProperty("origin_event_id") String originEventId,
            int depth,
            String outcome,
            List<Map<String, Object>> actions,
            @JsonProperty("command_id") UUID commandId) {}

    /** One statement: the rows travel as one JSON array (nulls stay nulls), in the order they were recorded. */
    private Mono<Void> write(List<Row> rows) {
        return db.sql(
                        """
                        insert into rule_executions (rule_id, rule_name, ticket_id, trigger_type, trigger_event_id,
                                                     origin_event_id, depth, outcome, actions, command_id)
                        select r.rule_id, r.rule_name, r.ticket_id, r.trigger_type, r.trigger_event_id,
                               r.origin_event_id, r.depth, r.outcome, r.actions, r.command_id
                          from jsonb_array_elements(cast(:rows as jsonb)) with ordinality as e(row, ord)
                               cross join lateral jsonb_to_record(e.row)
                                 as r(rule_id bigint, rule_name text, ticket_id bigint, trigger_type text,
                                      trigger_event_id text, origin_event_id text, depth int, outcome text,
                                      actions jsonb, command_id uuid)
                         order by e.ord
                        """)
                .bind("rows", json.writeValueAsString(rows))
                .then();
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

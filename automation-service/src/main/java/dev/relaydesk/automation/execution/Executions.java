package dev.relaydesk.automation.execution;

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
                json.writeValueAsString(actions),
                commandId == null ? null : commandId.toString()));
    }

    private record Row(
            long rule,
            String name,
            long ticket,
            String trigger,
            String event,
            String origin,
            int depth,
            String outcome,
            String actions,
            String command) {}

    private Mono<Void> write(List<Row> rows) {
        int n = rows.size();
        Long[] rules = new Long[n];
        String[] names = new String[n];
        Long[] tickets = new Long[n];
        String[] triggers = new String[n];
        String[] events = new String[n];
        String[] origins = new String[n];
        Integer[] depths = new Integer[n];
        String[] outcomes = new String[n];
        String[] actions = new String[n];
        String[] commands = new String[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            rules[i] = row.rule();
            names[i] = row.name();
            tickets[i] = row.ticket();
            triggers[i] = row.trigger();
            events[i] = row.event();
            origins[i] = row.origin();
            depths[i] = row.depth();
            outcomes[i] = row.outcome();
            actions[i] = row.actions();
            commands[i] = row.command() == null ? "" : row.command();
        }
        return db.sql(
                        """
                        insert into rule_executions (rule_id, rule_name, ticket_id, trigger_type, trigger_event_id,
                                                     origin_event_id, depth, outcome, actions, command_id)
                        select r, n, t, tr, e, o, d, oc, cast(a as jsonb), cast(nullif(c, '') as uuid)
                          from unnest(cast(:rules as bigint[]), cast(:names as text[]), cast(:tickets as bigint[]),
                                      cast(:triggers as text[]), cast(:events as text[]), cast(:origins as text[]),
                                      cast(:depths as int[]), cast(:outcomes as text[]), cast(:actions as text[]),
                                      cast(:commands as text[]))
                               with ordinality as x(r, n, t, tr, e, o, d, oc, a, c, ord)
                         order by ord
                        """)
                .bind("rules", rules)
                .bind("names", names)
                .bind("tickets", tickets)
                .bind("triggers", triggers)
                .bind("events", events)
                .bind("origins", origins)
                .bind("depths", depths)
                .bind("outcomes", outcomes)
                .bind("actions", actions)
                .bind("commands", commands)
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

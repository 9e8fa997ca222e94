package dev.relaydesk.automation.execution;

import dev.relaydesk.automation.AutomationProperties;
import dev.relaydesk.automation.rule.Rule;
import dev.relaydesk.automation.ticket.TicketSnapshot;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutgoingEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Fires a rule whose trigger and conditions matched a ticket: sends one ticket-command with its ticket changes and one
 * notification-command per e-mail or webhook, through the outbox, and records the execution. It refuses when the chain
 * of firings started by one human change would exceed {@code relaydesk.automation.max-depth}, or when the rule already
 * fired for the same originating event (a unique row per rule and origin), so rules cannot loop.
 */
@Component
public class RuleFiring {

    private static final Logger log = LoggerFactory.getLogger(RuleFiring.class);

    private final DatabaseClient db;
    private final Outbox outbox;
    private final ActionResolution actions;
    private final Executions executions;
    private final AutomationProperties properties;

    public RuleFiring(
            DatabaseClient db,
            Outbox outbox,
            ActionResolution actions,
            Executions executions,
            AutomationProperties properties) {
        this.db = db;
        this.outbox = outbox;
        this.actions = actions;
        this.executions = executions;
        this.properties = properties;
    }

    /**
     * One firing.
     *
     * @param trigger the trigger's API name
     * @param triggerEventId the event (or timer) that triggered the rule
     * @param originEventId the human-caused event that started the chain (or the timer)
     * @param depth 1 for a rule fired by a human change or a timer, one more for each rule in between
     */
    public record Firing(
            Rule rule, TicketSnapshot ticket, String trigger, String triggerEventId, String originEventId, int depth) {}

    /** Inside the tenant transaction of the triggering event or timer. */
    public Mono<Void> fire(Firing f) {
        if (f.depth() > properties.maxDepth()) {
            log.warn(
                    "Rule {} not fired for ticket {}: chain from event {} would reach depth {} (max {})",
                    f.rule().id(),
                    f.ticket().ticketId(),
                    f.originEventId(),
                    f.depth(),
                    properties.maxDepth());
            return executions.record(f, "depth-limit", List.of(), null);
        }
        return db.sql("insert into rule_firings (rule_id, origin_event_id) values (:rule, :origin)"
                        + " on conflict do nothing")
                .bind("rule", f.rule().id())
                .bind("origin", f.originEventId())
                .fetch()
                .rowsUpdated()
                .flatMap(inserted -> {
                    if (inserted == 0) {
                        return alreadyFired(f);
                    }
                    return actions.resolve(f.rule().definition().actions(), f.ticket(), false)
                            .flatMap(resolved -> send(f, resolved));
                });
    }

    /**
     * Many firings, in order, inside one transaction (a polled batch of events): the once-per-origin rows of all of
     * them are claimed with one statement, then each firing that claimed its row resolves and sends its actions as
     * {@link #fire} does; a firing whose row was there already (or was claimed by an earlier firing of this batch) is
     * recorded as already fired.
     */
    public Mono<Void> fireAll(List<Firing> firings) {
        if (firings.isEmpty()) {
            return Mono.empty();
        }
        List<Firing> allowed = new ArrayList<>();
        List<Firing> tooDeep = new ArrayList<>();
        for (Firing f : firings) {
            (f.depth() > properties.maxDepth() ? tooDeep : allowed).add(f);
        }
        Mono<Void> refused = Flux.fromIterable(tooDeep).concatMap(this::fire).then();
        if (allowed.isEmpty()) {
            return refused;
        }
        Long[] rules = allowed.stream().map(f -> f.rule().id()).toArray(Long[]::new);
        String[] origins = allowed.stream().map(Firing::originEventId).toArray(String[]::new);
        return refused.then(db.sql(
                        """
                                insert into rule_firings (rule_id, origin_event_id)
                                select distinct r, o from unnest(cast(:rules as bigint[]), cast(:origins as text[])) as u(r, o)
                                on conflict do nothing
                                returning rule_id, origin_event_id
                                """)
                .bind("rules", rules)
                .bind("origins", origins)
                .map(row -> row.get("rule_id", Long.class) + " " + row.get("origin_event_id", String.class))
                .all()
                .collect(Collectors.toCollection(HashSet::new))
                .flatMap(claimed -> Flux.fromIterable(allowed)
                        .concatMap(f -> claimed.remove(f.rule().id() + " " + f.originEventId())
                                ? actions.resolve(f.rule().definition().actions(), f.ticket(), false)
                                        .flatMap(resolved -> send(f, resolved))
                                : alreadyFired(f))
                        .then()));
    }

    private Mono<Void> alreadyFired(Firing f) {
        log.info(
                "Rule {} already fired for event {}; not firing again for ticket {}",
                f.rule().id(),
                f.originEventId(),
                f.ticket().ticketId());
        return executions.record(f, "already-fired", List.of(), null);
    }

    private Mono<Void> send(Firing f, ActionResolution.Resolved resolved) {
        UUID commandId = UUID.randomUUID();
        Instant now = Instant.now();
        long ticketId = f.ticket().ticketId();
        Mono<Void> ticketCommand = resolved.ticketActions().isEmpty()
                ? Mono.empty()
                : outbox.append(OutgoingEvent.of(
                        TicketCommand.TOPIC,
                        ticketId,
                        TicketCommand.TYPE,
                        new TicketCommand(
                                commandId.toString(),
                                ticketId,
                                f.rule().id(),
                                f.rule().name(),
                                f.depth(),
                                f.originEventId(),
                                f.triggerEventId(),
                                now,
                                resolved.ticketActions())));
        Mono<Void> notifications = Flux.fromIterable(resolved.notifications())
                .concatMap(action -> outbox.append(OutgoingEvent.of(
                        TicketCommand.TOPIC,
                        ticketId,
                        NotificationCommand.TYPE,
                        new NotificationCommand(
                                UUID.randomUUID().toString(),
                                ticketId,
                                f.rule().id(),
                                f.rule().name(),
                                f.depth(),
                                f.originEventId(),
                                now,
                                action))))
                .then();
        List<Map<String, Object>> recorded = resolved.all();
        return ticketCommand
                .then(notifications)
                .then(executions.record(
                        f, "fired", recorded, resolved.ticketActions().isEmpty() ? null : commandId));
    }
}

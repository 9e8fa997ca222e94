package dev.relaydesk.ticket.tickets;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutgoingEvent;
import dev.relaydesk.ticket.tickets.TicketEvents.CommentAdded;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies automation-service's ticket commands: every action of one command in the caller's (the inbox's)
 * transaction, as the system (no actor), with the rule named in the audit trail and {@code causedBy} on every event.
 * A command for a ticket that no longer exists (merged away) is dropped with a log line.
 */
@Service
public class AutomationCommands {

    /** The author id of comments automation rules post (the system, not a user). */
    static final long SYSTEM_USER = 0;

    private static final Logger log = LoggerFactory.getLogger(AutomationCommands.class);

    private final DatabaseClient db;
    private final Outbox outbox;
    private final TicketManagement tickets;

    public AutomationCommands(DatabaseClient db, Outbox outbox, TicketManagement tickets) {
        this.db = db;
        this.outbox = outbox;
        this.tickets = tickets;
    }

    /** Inside the current transaction (the inbox's, under the command's tenant). */
    public Mono<Void> apply(AutomationCommand command) {
        AppliedRule rule =
                new AppliedRule(command.ruleId(), command.ruleName(), command.depth(), command.originEventId());
        List<AutomationCommand.Action> comments = command.actions().stream()
                .filter(a -> "add-comment".equals(a.type())
                        && a.body() != null
                        && !a.body().isBlank())
                .toList();
        // a command that only comments changes no field: loading and diffing the ticket for it would be wasted work
        boolean changesFields = command.actions().stream().anyMatch(a -> !"add-comment".equals(a.type()));
        Mono<Void> fields = changesFields ? tickets.applyAutomation(command, rule) : Mono.empty();
        return fields.then(Flux.fromIterable(comments)
                        .concatMap(a -> comment(command.ticketId(), a, rule))
                        .then())
                .onErrorResume(e -> e instanceof ApiException api && api.status() == HttpStatus.NOT_FOUND, e -> {
                    log.info(
                            "Automation command {} of rule {} names ticket {}, which no longer exists",
                            command.commandId(),
                            command.ruleId(),
                            command.ticketId());
                    return Mono.empty();
                });
    }

    private Mono<Void> comment(long ticketId, AutomationCommand.Action action, AppliedRule rule) {
        boolean techsOnly = Boolean.TRUE.equals(action.forTechsOnly());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return tickets.lockAny(ticketId).flatMap(t -> db.sql(
                        """
                                insert into comments (ticket_id, user_id, body, for_techs_only, is_system, created_at)
                                values (:t, :u, :body, :techs, true, :at) returning id
                                """)
                .bind("t", ticketId)
                .bind("u", SYSTEM_USER)
                .bind("body", action.body())
                .bind("techs", techsOnly)
                .bind("at", now)
                .map(row -> row.get(0, Long.class))
                .one()
                .flatMap(id -> tickets.auditChanges(
                                ticketId,
                                null,
                                List.of(new TicketChange(
                                        "comment",
                                        null,
                                        "rule " + rule.ruleId() + " (" + rule.ruleName() + ") added comment " + id)))
                        .then(outbox.append(OutgoingEvent.of(
                                TicketEvents.TOPIC,
                                ticketId,
                                CommentAdded.TYPE,
                                new CommentAdded(
                                        id,
                                        ticketId,
                                        null,
                                        SYSTEM_USER,
                                        action.body(),
                                        techsOnly,
                                        true,
                                        List.of(),
                                        now,
                                        t.snapshot(),
                                        rule.causedBy()))))));
    }
}

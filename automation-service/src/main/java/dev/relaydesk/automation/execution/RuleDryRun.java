package dev.relaydesk.automation.execution;

import dev.relaydesk.automation.rule.Access;
import dev.relaydesk.automation.rule.Condition;
import dev.relaydesk.automation.rule.ConditionCheck;
import dev.relaydesk.automation.rule.Rule;
import dev.relaydesk.automation.rule.RuleFormat;
import dev.relaydesk.automation.rule.Rules;
import dev.relaydesk.automation.ticket.FieldChange;
import dev.relaydesk.automation.ticket.TicketSnapshot;
import dev.relaydesk.automation.ticket.TicketSnapshots;
import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Tests a rule against a ticket without firing it: which conditions hold, and which actions (resolved, with
 * placeholders substituted) it would send, and the ticket as evaluated. Nothing is written; the trigger is reported,
 * not checked.
 */
@Service
public class RuleDryRun {

    private final TransactionalOperator tx;
    private final Rules rules;
    private final TicketSnapshots tickets;
    private final ActionResolution actions;

    public RuleDryRun(TransactionalOperator tx, Rules rules, TicketSnapshots tickets, ActionResolution actions) {
        this.tx = tx;
        this.rules = rules;
        this.tickets = tickets;
        this.actions = actions;
    }

    /** The outcome of a dry run. */
    public record Result(
            long ruleId,
            Map<String, Object> trigger,
            boolean matched,
            List<Map<String, Object>> conditions,
            List<Map<String, Object>> actions,
            TicketSnapshot ticket) {}

    /**
     * @param ticket the ticket to test against, or null to use {@code ticketId} from the read model
     */
    public Mono<Result> test(
            Caller caller, long ruleId, TicketSnapshot ticket, Long ticketId, Map<String, FieldChange> changes) {
        Mono<TicketSnapshot> subject = ticket != null
                ? Mono.just(ticket)
                : tickets.find(ticketId).switchIfEmpty(Mono.error(() -> ApiException.notFound("Ticket", ticketId)));
        Mono<Result> result = rules.find(ruleId)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Rule", ruleId)))
                .flatMap(rule -> subject.flatMap(t -> evaluate(rule, t, changes)));
        return Access.asAdministrator(caller, tx.transactional(result));
    }

    private Mono<Result> evaluate(Rule rule, TicketSnapshot ticket, Map<String, FieldChange> changes) {
        Instant now = Instant.now();
        List<Map<String, Object>> conditions = rule.definition().conditions().stream()
                .map(c -> outcome(c, ConditionCheck.matches(c, ticket, changes, now)))
                .toList();
        boolean matched = ConditionCheck.holds(rule.definition(), ticket, changes, now);
        Mono<List<Map<String, Object>>> wouldRun = matched
                ? actions.resolve(rule.definition().actions(), ticket, true).map(ActionResolution.Resolved::all)
                : Mono.just(List.of());
        return wouldRun.map(list -> new Result(
                rule.id(), RuleFormat.writeTrigger(rule.definition().trigger()), matched, conditions, list, ticket));
    }

    private static Map<String, Object> outcome(Condition c, boolean matched) {
        Map<String, Object> out = new LinkedHashMap<>(RuleFormat.writeCondition(c));
        out.put("matched", matched);
        return out;
    }
}

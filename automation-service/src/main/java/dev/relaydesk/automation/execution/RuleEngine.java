package dev.relaydesk.automation.execution;

import dev.relaydesk.automation.rule.ConditionCheck;
import dev.relaydesk.automation.rule.Rule;
import dev.relaydesk.automation.rule.Trigger;
import dev.relaydesk.automation.ticket.FieldChange;
import dev.relaydesk.automation.ticket.TicketSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Evaluates the tenant's enabled rules, in order, for what a ticket event triggered, and fires those whose conditions
 * hold. A change made by a rule carries {@code causedBy}: its firings are one level deeper and keep the chain's origin.
 */
@Component
public class RuleEngine {

    private final RuleFiring firing;

    public RuleEngine(RuleFiring firing) {
        this.firing = firing;
    }

    /** What caused a ticket change, when a rule did. */
    public record CausedBy(Long ruleId, int depth, String originEventId) {}

    /**
     * Inside the tenant transaction that applies the event.
     *
     * @param enabled the tenant's enabled rules, in order ({@link Rules#enabled()})
     */
    public Mono<Void> evaluate(
            List<Rule> enabled,
            Set<Trigger> triggers,
            TicketSnapshot ticket,
            Map<String, FieldChange> changes,
            String eventId,
            CausedBy causedBy) {
        int depth = causedBy == null ? 1 : causedBy.depth() + 1;
        String origin = causedBy == null || causedBy.originEventId() == null ? eventId : causedBy.originEventId();
        Instant now = Instant.now();
        return Flux.fromIterable(enabled)
                .filter(rule -> triggers.contains(rule.definition().trigger().type()))
                .filter(rule -> ConditionCheck.holds(rule.definition(), ticket, changes, now))
                .concatMap(rule -> firing.fire(new RuleFiring.Firing(
                        rule, ticket, rule.definition().trigger().type().wire(), eventId, origin, depth)))
                .then();
    }
}

package dev.relaydesk.automation.execution;

import dev.relaydesk.automation.rule.ConditionCheck;
import dev.relaydesk.automation.rule.Rule;
import dev.relaydesk.automation.rule.Trigger;
import dev.relaydesk.automation.ticket.FieldChange;
import dev.relaydesk.automation.ticket.TicketSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Evaluates the tenant's enabled rules, in order, for what a ticket event triggered, and names the firings of those
 * whose conditions hold. A change made by a rule carries {@code causedBy}: its firings are one level deeper and keep the chain's origin.
 */
@Component
public class RuleEngine {

    /** What caused a ticket change, when a rule did. */
    public record CausedBy(Long ruleId, int depth, String originEventId) {}

    /**
     * The firings the event causes, in rule order, for the caller to fire later in the same transaction (a batch of
     * events fires all of its firings together: {@link RuleFiring#fireAll}).
     */
    public List<RuleFiring.Firing> matching(
            List<Rule> enabled,
            Set<Trigger> triggers,
            TicketSnapshot ticket,
            Map<String, FieldChange> changes,
            String eventId,
            CausedBy causedBy) {
        if (triggers.isEmpty()) {
            return List.of();
        }
        int depth = causedBy == null ? 1 : causedBy.depth() + 1;
        String origin = causedBy == null || causedBy.originEventId() == null ? eventId : causedBy.originEventId();
        Instant now = Instant.now();
        List<RuleFiring.Firing> firings = new ArrayList<>();
        for (Rule rule : enabled) {
            if (triggers.contains(rule.definition().trigger().type())
                    && ConditionCheck.holds(rule.definition(), ticket, changes, now)) {
                firings.add(new RuleFiring.Firing(
                        rule, ticket, rule.definition().trigger().type().wire(), eventId, origin, depth));
            }
        }
        return firings;
    }
}

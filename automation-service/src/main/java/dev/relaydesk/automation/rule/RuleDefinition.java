package dev.relaydesk.automation.rule;

import java.util.List;

/** What a rule does: when {@code trigger} happens and the conditions hold (all or any), run the actions in order. */
public record RuleDefinition(
        RuleTrigger trigger, boolean matchAll, List<Condition> conditions, List<RuleAction> actions) {

    public RuleDefinition {
        conditions = List.copyOf(conditions);
        actions = List.copyOf(actions);
    }
}

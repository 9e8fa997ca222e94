package dev.relaydesk.automation.execution;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One evaluation of a rule that matched a ticket: what triggered it and what it did.
 *
 * @param outcome {@code fired} (commands sent), {@code already-fired} (the rule already fired for this origin, so the
 *     chain stops), or {@code depth-limit} (the chain of rule firings got too deep and was stopped)
 * @param actions the actions sent, with placeholders substituted and assignments resolved; actions that could not run
 *     (such as round-robin in a category without technicians) carry {@code skipped} with the reason
 */
public record Execution(
        long id,
        long ruleId,
        String ruleName,
        long ticketId,
        String trigger,
        String triggerEventId,
        String originEventId,
        int depth,
        String outcome,
        List<Map<String, Object>> actions,
        String commandId,
        Instant executedAt) {}

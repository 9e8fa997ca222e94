package dev.relaydesk.automation.execution;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code relaydesk.automation.ticket-command.v1}: the ticket changes one rule firing asks ticket-service to apply, in one
 * transaction, as the system user, with {@code causedBy: {ruleId, depth, originEventId}} on the resulting events.
 */
public record TicketCommand(
        String commandId,
        long ticketId,
        long ruleId,
        String ruleName,
        int depth,
        String originEventId,
        String triggerEventId,
        Instant occurredAt,
        List<Map<String, Object>> actions) {

    public static final String TOPIC = "automation.commands";
    public static final String TYPE = "relaydesk.automation.ticket-command.v1";
}

package dev.relaydesk.automation.execution;

import java.time.Instant;
import java.util.Map;

/**
 * {@code relaydesk.automation.notification-command.v1}: an e-mail or webhook call one rule firing asks
 * notification-service to make, with placeholders already substituted.
 */
public record NotificationCommand(
        String commandId,
        long ticketId,
        long ruleId,
        String ruleName,
        int depth,
        String originEventId,
        Instant occurredAt,
        Map<String, Object> action) {

    public static final String TYPE = "relaydesk.automation.notification-command.v1";
}

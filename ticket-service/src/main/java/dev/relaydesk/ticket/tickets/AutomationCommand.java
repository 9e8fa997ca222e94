package dev.relaydesk.ticket.tickets;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code relaydesk.automation.ticket-command.v1} (automation-service): the actions one rule firing applies to one
 * ticket, all in one transaction, as the system.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AutomationCommand(
        String commandId,
        long ticketId,
        long ruleId,
        String ruleName,
        int depth,
        String originEventId,
        String triggerEventId,
        List<Action> actions) {

    public AutomationCommand {
        actions = actions == null ? List.of() : List.copyOf(actions);
    }

    /** One action; which fields are set depends on {@code type}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Action(
            String type,
            Long statusId,
            Integer priorityId,
            Long categoryId,
            Long userId,
            String dueDate,
            Long fieldId,
            String value,
            List<String> tags,
            String body,
            Boolean forTechsOnly) {}
}

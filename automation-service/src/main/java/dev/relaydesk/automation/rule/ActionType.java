package dev.relaydesk.automation.rule;

import java.util.Arrays;
import java.util.Optional;

/** What a rule can do: change the ticket (a ticket-command to ticket-service) or notify (to notification-service). */
public enum ActionType {
    SET_STATUS("set-status", true),
    SET_PRIORITY("set-priority", true),
    SET_CATEGORY("set-category", true),
    ASSIGN("assign", true),
    SET_DUE_DATE("set-due-date", true),
    SET_CUSTOM_FIELD("set-custom-field", true),
    ADD_TAGS("add-tags", true),
    REMOVE_TAGS("remove-tags", true),
    ADD_COMMENT("add-comment", true),
    CLOSE("close", true),
    SEND_EMAIL("send-email", false),
    CALL_WEBHOOK("call-webhook", false);

    private final String wire;
    private final boolean ticketChange;

    ActionType(String wire, boolean ticketChange) {
        this.wire = wire;
        this.ticketChange = ticketChange;
    }

    public String wire() {
        return wire;
    }

    /** Whether the action goes to ticket-service (else to notification-service). */
    public boolean ticketChange() {
        return ticketChange;
    }

    public static Optional<ActionType> of(String wire) {
        return Arrays.stream(values())
                .filter(t -> t.wire.equalsIgnoreCase(wire))
                .findFirst();
    }
}

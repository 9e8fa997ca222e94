package dev.relaydesk.ticket.tickets;

/** The automation rule a change comes from: named in the audit trail and in the events' {@code causedBy}. */
record AppliedRule(long ruleId, String ruleName, int depth, String originEventId) {

    TicketEvents.CausedBy causedBy() {
        return new TicketEvents.CausedBy(ruleId, depth, originEventId);
    }
}

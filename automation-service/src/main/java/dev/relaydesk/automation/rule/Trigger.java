package dev.relaydesk.automation.rule;

import java.util.Arrays;
import java.util.Optional;

/** What starts a rule: a ticket event, or time passing (evaluated by the scheduler). */
public enum Trigger {
    TICKET_CREATED("ticket-created", false),
    TICKET_UPDATED("ticket-updated", false),
    TICKET_CLOSED("ticket-closed", false),
    TICKET_REOPENED("ticket-reopened", false),
    REPLY_ADDED("reply-added", false),
    REPLY_FROM_SUBMITTER("reply-from-submitter", false),
    REPLY_FROM_TECHNICIAN("reply-from-technician", false),
    STATUS_CHANGED("status-changed", false),
    PRIORITY_CHANGED("priority-changed", false),
    CATEGORY_CHANGED("category-changed", false),
    ASSIGNEE_CHANGED("assignee-changed", false),
    DUE_DATE_CHANGED("due-date-changed", false),
    CUSTOM_FIELD_CHANGED("custom-field-changed", false),
    /** The due date has passed. */
    OVERDUE("overdue", true),
    /** The due date is at most {@code minutes} away. */
    WILL_BE_OVERDUE("will-be-overdue", true),
    /** Nobody has touched the ticket for {@code minutes}. */
    NOT_UPDATED_FOR("not-updated-for", true),
    /** The ticket was created more than {@code minutes} ago. */
    CREATED_MORE_THAN("created-more-than", true);

    private final String wire;
    private final boolean timeBased;

    Trigger(String wire, boolean timeBased) {
        this.wire = wire;
        this.timeBased = timeBased;
    }

    public String wire() {
        return wire;
    }

    public boolean timeBased() {
        return timeBased;
    }

    /** Time triggers other than {@link #OVERDUE} need an amount of time. */
    public boolean needsAmount() {
        return timeBased && this != OVERDUE;
    }

    public static Optional<Trigger> of(String wire) {
        return Arrays.stream(values())
                .filter(t -> t.wire.equalsIgnoreCase(wire))
                .findFirst();
    }
}

package dev.relaydesk.automation.ticket;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A ticket as automation sees it: ticket-service's snapshot after the latest change, plus what only the events carry
 * (the body as submitted, the latest reply, whether it is closed or on hold). Rules are evaluated against it.
 */
public record TicketSnapshot(
        long ticketId,
        String subject,
        String body,
        Long categoryId,
        Long statusId,
        Long priorityId,
        String origin,
        Long submitterUserId,
        Long assignedToUserId,
        Long companyId,
        Long departmentId,
        List<String> tags,
        Instant dueDate,
        Map<String, String> customFields,
        Instant createdAt,
        Instant updatedAt,
        Instant resolvedAt,
        boolean onHold,
        boolean closed,
        String latestReply,
        Instant latestReplyAt,
        Long latestReplyUserId) {

    public TicketSnapshot {
        tags = tags == null ? List.of() : List.copyOf(tags);
        customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
    }

    /** Open tickets count towards a technician's load and get timers; closed or resolved ones do not. */
    public boolean open() {
        return !closed && resolvedAt == null;
    }

    /** The last time anyone touched the ticket: its last update or its latest reply. */
    public Instant lastActivityAt() {
        Instant activity = updatedAt != null ? updatedAt : createdAt;
        if (latestReplyAt != null && (activity == null || latestReplyAt.isAfter(activity))) {
            return latestReplyAt;
        }
        return activity;
    }

    /** The latest reply, or the body when nobody has replied yet ({@code #most_recent_message#}). */
    public String mostRecentMessage() {
        return latestReply != null ? latestReply : body;
    }
}

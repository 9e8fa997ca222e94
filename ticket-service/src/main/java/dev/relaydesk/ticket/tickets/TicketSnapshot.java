package dev.relaydesk.ticket.tickets;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The ticket as it is after a change, carried by every {@code ticket.tickets} event. {@code onHold}: its status is one
 * named "On hold".
 */
public record TicketSnapshot(
        long ticketId,
        String subject,
        long categoryId,
        long statusId,
        int priorityId,
        int origin,
        long submitterUserId,
        Long assignedToUserId,
        Long companyId,
        Long departmentId,
        List<String> tags,
        Instant dueDate,
        Map<String, String> customFields,
        Instant createdAt,
        Instant updatedAt,
        Instant resolvedAt,
        boolean onHold) {}

package dev.relaydesk.ticket.tickets;

import java.time.Instant;
import java.util.List;

/**
 * What {@code UpdateTicket} asks to change; null means "leave as is". {@code assigneeId} 0 unassigns;
 * {@code clearDueDate} removes the due date; {@code tags} replaces every tag.
 */
public record TicketEdit(
        Long categoryId,
        Integer priority,
        Instant date,
        Long submitterId,
        Instant dueDate,
        boolean clearDueDate,
        Instant closeDate,
        Long assigneeId,
        Integer timeSpentInSeconds,
        Long statusId,
        List<String> tags,
        String subject,
        String body) {}

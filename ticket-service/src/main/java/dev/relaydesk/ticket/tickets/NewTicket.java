package dev.relaydesk.ticket.tickets;

import java.util.List;
import java.util.Map;

/** What {@code POST ticket} asks for; null where the caller left an optional parameter out. */
public record NewTicket(
        long categoryId,
        String subject,
        String body,
        Integer priority,
        Long onBehalfUserId,
        List<String> tags,
        Integer origin,
        Long assigneeId,
        Map<Long, String> customFields,
        boolean suppressConfirmation) {}

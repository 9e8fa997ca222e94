package dev.relaydesk.ticket.tickets;

import java.util.List;

/** {@code POST Comment}: {@code fromUserId} (administrators only) posts on another user's behalf. */
public record NewComment(
        long ticketId, String body, boolean forTechsOnly, boolean isSystem, List<Long> recipientIds, Long fromUserId) {}

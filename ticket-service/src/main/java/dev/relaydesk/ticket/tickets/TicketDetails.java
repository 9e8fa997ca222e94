package dev.relaydesk.ticket.tickets;

import java.time.Instant;
import java.util.List;

/** Everything {@code Ticket?id} shows about a ticket, from the caller's point of view. */
public record TicketDetails(
        long id,
        String subject,
        String body,
        long categoryId,
        String categoryName,
        boolean categoryForTechsOnly,
        long statusId,
        String status,
        int priority,
        int origin,
        long submitterId,
        UserInfo submitter,
        Long assigneeId,
        UserInfo assignee,
        String onBehalfUserName,
        Instant createdAt,
        Instant dueDate,
        Instant resolvedAt,
        Instant startDate,
        int timeSpentInSeconds,
        boolean updatedByUser,
        boolean updatedByPerformer,
        boolean updatedForTechView,
        boolean currentUserTechInCategory,
        boolean submittedByCurrentUser,
        List<Tag> tags) {

    /** A tag with how many tickets carry it. */
    public record Tag(long id, String name, long count) {}
}

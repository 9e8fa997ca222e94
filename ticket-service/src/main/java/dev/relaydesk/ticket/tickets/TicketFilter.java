package dev.relaydesk.ticket.tickets;

import java.time.Instant;
import java.util.List;

/**
 * The filters of {@code Tickets} and {@code Search}; null or empty means "no filter". Date bounds are half-open
 * ({@code from <= x < to}). {@code query} is the search phrase (Search only).
 */
public record TicketFilter(
        Mode mode,
        List<Long> categoryIds,
        Long sectionId,
        List<Long> statusIds,
        Long fromUserId,
        Long fromCompanyId,
        Long handledByUserId,
        String tagName,
        Instant createdFrom,
        Instant createdTo,
        Instant updatedFrom,
        Instant updatedTo,
        Integer dueInDays,
        boolean includeCustomFields,
        boolean subscribedOnly,
        String query,
        int count,
        int offset) {

    /** The seed's list modes. */
    public enum Mode {
        ALL,
        UNANSWERED,
        UNCLOSED,
        HANDLEDBYME
    }
}

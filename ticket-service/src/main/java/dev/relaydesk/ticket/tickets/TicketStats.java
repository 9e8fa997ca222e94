package dev.relaydesk.ticket.tickets;

/** The counts of {@code Stats} over the tickets the caller sees. */
public record TicketStats(
        long total,
        long closed,
        long inProcess,
        long newTickets,
        long unanswered,
        long unassigned,
        long unclosed,
        long handledByMe,
        long submittedByMe) {}

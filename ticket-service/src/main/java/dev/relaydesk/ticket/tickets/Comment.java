package dev.relaydesk.ticket.tickets;

import java.time.Instant;

/** A comment (reply) as {@code Comments?id} shows it, with its author from the user directory. */
public record Comment(
        long id,
        long ticketId,
        long userId,
        String userName,
        String email,
        String firstName,
        String lastName,
        boolean isSystem,
        Instant createdAt,
        boolean forTechsOnly,
        String body,
        String recipients) {}

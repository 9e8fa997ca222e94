package dev.relaydesk.ticket.tickets;

import java.time.Instant;

/** A file attached to a ticket (and to the comment it came with, if any); its bytes are in a blob store. */
public record Attachment(
        long id,
        long ticketId,
        Long commentId,
        Instant commentDate,
        long userId,
        String fileName,
        String contentType,
        long size,
        String sha256,
        boolean forTechsOnly,
        String store,
        String key) {}

package dev.relaydesk.ticket.category;

import java.time.Instant;

/** Published as {@code relaydesk.category.deleted.v1} on ticket.categories. */
public record CategoryDeleted(long categoryId, Instant occurredAt) {

    public static final String TYPE = "relaydesk.category.deleted.v1";
}

package dev.relaydesk.ticket.category;

import java.time.Instant;

/** Published as {@code relaydesk.category.created.v1} / {@code relaydesk.category.updated.v1} on ticket.categories. */
public record CategoryChanged(
        long categoryId,
        String name,
        String notes,
        Long sectionId,
        String sectionName,
        boolean forTechsOnly,
        boolean kbOnly,
        Instant occurredAt) {

    public static final String TOPIC = "ticket.categories";
    public static final String CREATED = "relaydesk.category.created.v1";
    public static final String UPDATED = "relaydesk.category.updated.v1";

    static CategoryChanged of(Category c) {
        return new CategoryChanged(
                c.id(),
                c.name(),
                c.notes(),
                c.sectionId(),
                c.sectionName(),
                c.forTechsOnly(),
                c.kbOnly(),
                Instant.now());
    }
}

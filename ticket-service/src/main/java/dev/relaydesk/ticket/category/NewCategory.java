package dev.relaydesk.ticket.category;

/** What {@code CreateCategory} asks for: a section by id or by name (created when new), or none. */
public record NewCategory(
        String name, Long sectionId, String sectionName, boolean forTechsOnly, boolean kbOnly, String notes) {}

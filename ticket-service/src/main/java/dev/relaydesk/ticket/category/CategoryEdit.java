package dev.relaydesk.ticket.category;

/** What {@code UpdateCategory} asks to change; null means "leave as is"; {@code sectionId} 0 removes the section. */
public record CategoryEdit(
        String name, Long sectionId, String sectionName, Boolean forTechsOnly, Boolean kbOnly, String notes) {}

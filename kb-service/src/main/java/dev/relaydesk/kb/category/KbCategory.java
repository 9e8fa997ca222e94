package dev.relaydesk.kb.category;

/**
 * A ticket-service category as the knowledge base knows it from {@code ticket.categories} events. Articles may be filed
 * in any category, including {@code kbOnly} ones (which hold articles but no tickets); a {@code forTechsOnly} category
 * and its articles are hidden from regular users.
 */
public record KbCategory(
        long id, String name, String notes, Long sectionId, String sectionName, boolean forTechsOnly, boolean kbOnly) {

    /** {@code Section \ Name}, or the name when the category has no section. */
    public String nameWithSection() {
        return sectionName == null || sectionName.isBlank() ? name : sectionName + " \\ " + name;
    }
}

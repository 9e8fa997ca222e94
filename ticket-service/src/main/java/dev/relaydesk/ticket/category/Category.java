package dev.relaydesk.ticket.category;

/** A ticket category (queue), optionally in a section; {@code kbOnly} categories serve the knowledge base only. */
public record Category(
        long id,
        String name,
        Long sectionId,
        String sectionName,
        boolean forTechsOnly,
        boolean kbOnly,
        String notes,
        String fromAddress) {

    /** The seed's {@code NameWithSection}: the name alone, or {@code Section - Name}. */
    public String nameWithSection() {
        return sectionName == null ? name : sectionName + " - " + name;
    }
}

package dev.relaydesk.ticket.tickets;

import java.time.Instant;
import java.util.List;

/** A ticket as ticket lists ({@code Tickets}, {@code Search}) show it. */
public record TicketSummary(
        long id,
        int priority,
        long statusId,
        Instant createdAt,
        String subject,
        String status,
        boolean updatedByUser,
        boolean updatedByPerformer,
        long categoryId,
        String userName,
        String technician,
        String firstName,
        String lastName,
        Instant dueDate,
        String techFirstName,
        String techLastName,
        Instant lastUpdated,
        boolean updatedForTechView,
        long userId,
        Long companyId,
        String companyName,
        Long assigneeId,
        Instant resolvedAt,
        Long sectionId,
        String category,
        String origin,
        String email,
        Long lastUpdatedByUserId,
        String lastUpdatedUsername,
        Instant startDate,
        boolean hasChildren,
        List<FieldValue> customFields) {

    /** A custom field's value, when the list was asked to include them. */
    public record FieldValue(long fieldId, String fieldName, String value) {}

    TicketSummary withCustomFields(List<FieldValue> values) {
        return new TicketSummary(
                id,
                priority,
                statusId,
                createdAt,
                subject,
                status,
                updatedByUser,
                updatedByPerformer,
                categoryId,
                userName,
                technician,
                firstName,
                lastName,
                dueDate,
                techFirstName,
                techLastName,
                lastUpdated,
                updatedForTechView,
                userId,
                companyId,
                companyName,
                assigneeId,
                resolvedAt,
                sectionId,
                category,
                origin,
                email,
                lastUpdatedByUserId,
                lastUpdatedUsername,
                startDate,
                hasChildren,
                values);
    }
}

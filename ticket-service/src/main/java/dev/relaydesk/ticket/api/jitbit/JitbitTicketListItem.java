package dev.relaydesk.ticket.api.jitbit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.ticket.tickets.TicketSummary;
import java.util.List;

/** The seed's {@code Tickets} entry, field for field ({@code CustomFields} only with {@code includeCustomFields}). */
record JitbitTicketListItem(
        @JsonProperty("IssueID") long issueId,
        @JsonProperty("Priority") int priority,
        @JsonProperty("StatusID") long statusId,
        @JsonProperty("IssueDate") String issueDate,
        @JsonProperty("Subject") String subject,
        @JsonProperty("Status") String status,
        @JsonProperty("UpdatedByUser") boolean updatedByUser,
        @JsonProperty("UpdatedByPerformer") boolean updatedByPerformer,
        @JsonProperty("CategoryID") long categoryId,
        @JsonProperty("UserName") String userName,
        @JsonProperty("Technician") String technician,
        @JsonProperty("FirstName") String firstName,
        @JsonProperty("LastName") String lastName,
        @JsonProperty("DueDate") String dueDate,
        @JsonProperty("TechFirstName") String techFirstName,
        @JsonProperty("TechLastName") String techLastName,
        @JsonProperty("LastUpdated") String lastUpdated,
        @JsonProperty("UpdatedForTechView") boolean updatedForTechView,
        @JsonProperty("UserID") long userId,
        @JsonProperty("CompanyID") Long companyId,
        @JsonProperty("CompanyName") String companyName,
        @JsonProperty("AssignedToUserID") Long assignedToUserId,
        @JsonProperty("ResolvedDate") String resolvedDate,
        @JsonProperty("SectionID") Long sectionId,
        @JsonProperty("Category") String category,
        @JsonProperty("Origin") String origin,
        @JsonProperty("Email") String email,
        @JsonProperty("HasChildren") boolean hasChildren,
        @JsonProperty("LastUpdatedByUserID") Long lastUpdatedByUserId,
        @JsonProperty("LastUpdatedUsername") String lastUpdatedUsername,
        @JsonProperty("StartDate") String startDate,
        @JsonProperty("CustomFields") @JsonInclude(JsonInclude.Include.NON_NULL) List<JitbitFieldValue> customFields) {

    static JitbitTicketListItem of(TicketSummary t) {
        return new JitbitTicketListItem(
                t.id(),
                t.priority(),
                t.statusId(),
                JitbitDates.format(t.createdAt()),
                t.subject(),
                t.status(),
                t.updatedByUser(),
                t.updatedByPerformer(),
                t.categoryId(),
                t.userName(),
                t.technician(),
                t.firstName(),
                t.lastName(),
                JitbitDates.format(t.dueDate()),
                t.techFirstName(),
                t.techLastName(),
                JitbitDates.format(t.lastUpdated()),
                t.updatedForTechView(),
                t.userId(),
                t.companyId(),
                t.companyName(),
                t.assigneeId(),
                JitbitDates.format(t.resolvedAt()),
                t.sectionId(),
                t.category(),
                t.origin(),
                t.email(),
                t.hasChildren(),
                t.lastUpdatedByUserId(),
                t.lastUpdatedUsername() == null ? "" : t.lastUpdatedUsername(),
                JitbitDates.format(t.startDate()),
                t.customFields() == null
                        ? null
                        : t.customFields().stream()
                                .map(v -> new JitbitFieldValue(v.fieldId(), v.fieldName(), v.value()))
                                .toList());
    }

    /** A custom field value in a ticket list. */
    record JitbitFieldValue(
            @JsonProperty("FieldID") long fieldId,
            @JsonProperty("FieldName") String fieldName,
            @JsonProperty("Value") String value) {}
}

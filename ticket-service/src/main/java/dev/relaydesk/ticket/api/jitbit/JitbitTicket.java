package dev.relaydesk.ticket.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.ticket.tickets.TicketDetails;
import dev.relaydesk.ticket.tickets.UserInfo;
import java.util.List;

/** The seed's {@code Ticket?id} object, field for field. */
record JitbitTicket(
        @JsonProperty("Attachments") List<JitbitAttachment> attachments,
        @JsonProperty("Tags") List<JitbitTag> tags,
        @JsonProperty("Status") String status,
        @JsonProperty("OnBehalfUserName") String onBehalfUserName,
        @JsonProperty("SubmitterUserInfo") JitbitUserInfo submitterUserInfo,
        @JsonProperty("CategoryName") String categoryName,
        @JsonProperty("AssigneeUserInfo") JitbitUserInfo assigneeUserInfo,
        @JsonProperty("TicketID") long ticketId,
        @JsonProperty("UserID") long userId,
        @JsonProperty("AssignedToUserID") Long assignedToUserId,
        @JsonProperty("IssueDate") String issueDate,
        @JsonProperty("Subject") String subject,
        @JsonProperty("Body") String body,
        @JsonProperty("Priority") int priority,
        @JsonProperty("StatusID") long statusId,
        @JsonProperty("CategoryID") long categoryId,
        @JsonProperty("DueDate") String dueDate,
        @JsonProperty("ResolvedDate") String resolvedDate,
        @JsonProperty("StartDate") String startDate,
        @JsonProperty("TimeSpentInSeconds") int timeSpentInSeconds,
        @JsonProperty("UpdatedByUser") boolean updatedByUser,
        @JsonProperty("UpdatedByPerformer") boolean updatedByPerformer,
        @JsonProperty("UpdatedForTechView") boolean updatedForTechView,
        @JsonProperty("IsCurrentUserTechInThisCategory") boolean isCurrentUserTechInThisCategory,
        @JsonProperty("IsCurrentCategoryForTechsOnly") boolean isCurrentCategoryForTechsOnly,
        @JsonProperty("SubmittedByCurrentUser") boolean submittedByCurrentUser,
        @JsonProperty("IsInKb") boolean isInKb,
        @JsonProperty("Stats") Object stats) {

    static JitbitTicket of(TicketDetails t, List<JitbitAttachment> attachments) {
        return new JitbitTicket(
                attachments,
                t.tags().stream()
                        .map(tag -> new JitbitTag(tag.id(), tag.name(), tag.count()))
                        .toList(),
                t.status(),
                t.onBehalfUserName(),
                JitbitUserInfo.of(t.submitter()),
                t.categoryName(),
                t.assignee() == null ? null : JitbitUserInfo.of(t.assignee()),
                t.id(),
                t.submitterId(),
                t.assigneeId(),
                JitbitDates.format(t.createdAt()),
                t.subject(),
                t.body(),
                t.priority(),
                t.statusId(),
                t.categoryId(),
                JitbitDates.format(t.dueDate()),
                JitbitDates.format(t.resolvedAt()),
                JitbitDates.format(t.startDate()),
                t.timeSpentInSeconds(),
                t.updatedByUser(),
                t.updatedByPerformer(),
                t.updatedForTechView(),
                t.currentUserTechInCategory(),
                t.categoryForTechsOnly(),
                t.submittedByCurrentUser(),
                false,
                null);
    }

    /** A tag on a ticket. */
    record JitbitTag(
            @JsonProperty("TagID") long tagId,
            @JsonProperty("Name") String name,
            @JsonProperty("TagCount") long tagCount) {}

    /** {@code SubmitterUserInfo} / {@code AssigneeUserInfo}: the user fields the local directory has. */
    record JitbitUserInfo(
            @JsonProperty("UserID") long userId,
            @JsonProperty("Username") String username,
            @JsonProperty("Email") String email,
            @JsonProperty("FirstName") String firstName,
            @JsonProperty("LastName") String lastName,
            @JsonProperty("Phone") String phone,
            @JsonProperty("Location") String location,
            @JsonProperty("CompanyId") Long companyId,
            @JsonProperty("DepartmentID") Long departmentId,
            @JsonProperty("IsAdmin") boolean isAdmin,
            @JsonProperty("IsTech") boolean isTech,
            @JsonProperty("IsManager") boolean isManager,
            @JsonProperty("Disabled") boolean disabled) {

        static JitbitUserInfo of(UserInfo u) {
            return new JitbitUserInfo(
                    u.userId(),
                    u.username(),
                    u.email(),
                    u.firstName(),
                    u.lastName(),
                    u.phone(),
                    u.location(),
                    u.companyId(),
                    u.departmentId(),
                    u.isAdmin(),
                    u.isTech(),
                    u.isManager(),
                    u.disabled());
        }
    }
}

package dev.relaydesk.ticket.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.ticket.tickets.Attachment;

/** The seed's attachment object ({@code Ticket?id}'s {@code Attachments}, {@code Attachments?id}). */
record JitbitAttachment(
        @JsonProperty("FileName") String fileName,
        @JsonProperty("FileData") Object fileData,
        @JsonProperty("FileID") long fileId,
        @JsonProperty("CommentID") Long commentId,
        @JsonProperty("CommentDate") String commentDate,
        @JsonProperty("FileHash") String fileHash,
        @JsonProperty("FileSize") long fileSize,
        @JsonProperty("IssueID") long issueId,
        @JsonProperty("UserID") long userId,
        @JsonProperty("GoogleDriveUrl") String googleDriveUrl,
        @JsonProperty("ForTechsOnly") boolean forTechsOnly,
        @JsonProperty("Url") String url) {

    static JitbitAttachment of(Attachment a) {
        return new JitbitAttachment(
                a.fileName(),
                null,
                a.id(),
                a.commentId(),
                JitbitDates.format(a.commentDate()),
                a.sha256(),
                a.size(),
                a.ticketId(),
                a.userId(),
                null,
                a.forTechsOnly(),
                "/File/Get?id=" + a.id());
    }
}

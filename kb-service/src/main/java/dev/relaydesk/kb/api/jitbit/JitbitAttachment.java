package dev.relaydesk.kb.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.kb.article.AttachmentInfo;

/**
 * The seed's attachment object (as on tickets): {@code FileData} is never inlined, the ticket and comment fields are
 * null for an article's file, {@code CommentDate} is when the file was uploaded and {@code FileHash} its SHA-256.
 */
record JitbitAttachment(
        @JsonProperty("FileName") String fileName,
        @JsonProperty("FileData") String fileData,
        @JsonProperty("FileID") long fileId,
        @JsonProperty("CommentID") Long commentId,
        @JsonProperty("CommentDate") String commentDate,
        @JsonProperty("FileHash") String fileHash,
        @JsonProperty("FileSize") long fileSize,
        @JsonProperty("IssueID") Long issueId,
        @JsonProperty("UserID") long userId,
        @JsonProperty("GoogleDriveUrl") String googleDriveUrl,
        @JsonProperty("ForTechsOnly") boolean forTechsOnly,
        @JsonProperty("Url") String url) {

    static JitbitAttachment of(AttachmentInfo f, boolean forTechsOnly, KbUrls urls) {
        return new JitbitAttachment(
                f.fileName(),
                null,
                f.id(),
                null,
                JitbitArticle.format(f.uploadedAt()),
                f.sha256(),
                f.size(),
                null,
                f.uploadedBy(),
                null,
                forTechsOnly,
                urls.attachment(f.id()));
    }
}

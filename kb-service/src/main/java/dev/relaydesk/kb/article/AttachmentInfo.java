package dev.relaydesk.kb.article;

import java.time.Instant;

/** What a reader learns about a file attached to an article before downloading it. */
public record AttachmentInfo(
        long id,
        long articleId,
        String fileName,
        String contentType,
        long size,
        String sha256,
        long uploadedBy,
        Instant uploadedAt) {}

package dev.relaydesk.kb.article;

/**
 * A downloaded attachment: its description, whether its article is for technicians only, and its bytes.
 *
 * @param forTechsOnly whether the article (or its category) is hidden from regular users
 */
public record AttachmentFile(AttachmentInfo info, boolean forTechsOnly, byte[] content) {}

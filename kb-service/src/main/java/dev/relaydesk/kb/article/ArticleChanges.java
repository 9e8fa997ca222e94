package dev.relaydesk.kb.article;

import java.util.List;

/**
 * What {@code UpdateArticle} changes: a null field stays as it is; {@code tags} replaces every tag (an empty list
 * removes them); {@code attachments} are added to the article's files.
 */
public record ArticleChanges(
        long id,
        Long categoryId,
        String subject,
        String body,
        Boolean forTechsOnly,
        List<String> tags,
        List<NewAttachment> attachments) {

    public ArticleChanges {
        tags = tags == null ? null : List.copyOf(tags);
        attachments = List.copyOf(attachments);
    }
}

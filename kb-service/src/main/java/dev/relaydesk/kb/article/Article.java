package dev.relaydesk.kb.article;

import dev.relaydesk.kb.category.KbCategory;
import java.time.Instant;
import java.util.List;

/**
 * A knowledge-base article as a reader sees it.
 *
 * @param category the category from the read model; null when ticket-service has deleted it
 * @param body null where bodies are left out (lists, search results)
 * @param tagString the tags as the author wrote them, comma separated; null when there are none
 * @param updatedAt null until the article is first changed
 */
public record Article(
        long id,
        long categoryId,
        KbCategory category,
        String subject,
        String body,
        boolean forTechsOnly,
        String tagString,
        List<ArticleTag> tags,
        List<AttachmentInfo> attachments,
        Instant createdAt,
        Instant updatedAt) {

    public Article {
        tags = List.copyOf(tags);
        attachments = List.copyOf(attachments);
    }

    /** The URL slug: the id and the slugified subject, such as {@code 6-sample-kb-article}. */
    public String urlId() {
        return Slugs.urlId(id, subject);
    }

    public List<String> tagNames() {
        return tags.stream().map(ArticleTag::name).toList();
    }

    Article with(List<ArticleTag> newTags, List<AttachmentInfo> newAttachments) {
        return new Article(
                id,
                categoryId,
                category,
                subject,
                body,
                forTechsOnly,
                tagString,
                newTags,
                newAttachments,
                createdAt,
                updatedAt);
    }
}

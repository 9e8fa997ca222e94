package dev.relaydesk.kb.article;

import java.util.List;

/** What {@code POST article} asks for: the article and the files sent with it. */
public record NewArticle(
        long categoryId,
        String subject,
        String body,
        boolean forTechsOnly,
        List<String> tags,
        List<NewAttachment> attachments) {

    public NewArticle {
        tags = List.copyOf(tags);
        attachments = List.copyOf(attachments);
    }
}

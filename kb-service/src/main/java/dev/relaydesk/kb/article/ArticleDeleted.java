package dev.relaydesk.kb.article;

import java.time.Instant;
import java.util.List;

/** Published as {@code relaydesk.kb.article-deleted.v1} on {@code kb.articles} (aggregate: the article). */
public record ArticleDeleted(
        long articleId,
        String subject,
        long categoryId,
        boolean forTechsOnly,
        List<String> tags,
        String urlId,
        Instant occurredAt,
        long actorUserId) {

    public static final String TYPE = "relaydesk.kb.article-deleted.v1";
    public static final String TOPIC = "kb.articles";

    static ArticleDeleted of(Article article, long actorUserId) {
        return new ArticleDeleted(
                article.id(),
                article.subject(),
                article.categoryId(),
                article.forTechsOnly(),
                article.tagNames(),
                article.urlId(),
                Instant.now(),
                actorUserId);
    }
}

package dev.relaydesk.kb.article;

import dev.relaydesk.kb.category.KbCategory;
import dev.relaydesk.platform.security.Caller;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads articles with their category, tags and attachments, and decides visibility in one place: a regular user sees
 * an article only when neither it nor its category is for technicians only and the category still exists. Every method
 * runs inside the caller's transaction.
 */
@Component
class ArticleRows {

    /** The article columns (body as {@code :body}) and its category's, for {@link #toArticle}. */
    private static final String COLUMNS =
            """
            select a.id, a.category_id, a.subject, %s as body, a.for_techs_only, a.tag_string, a.created_at,
                   a.updated_at, c.category_id as c_id, c.name as c_name, c.notes as c_notes,
                   c.section_id as c_section_id, c.section_name as c_section_name, c.for_techs_only as c_techs,
                   c.kb_only as c_kb_only
            """;

    static final String FROM =
            " from kb_articles a left join kb_categories c on c.tenant_id = a.tenant_id and c.category_id = a.category_id";

    private final DatabaseClient db;

    ArticleRows(DatabaseClient db) {
        this.db = db;
    }

    /** A SQL condition on {@code a} (article) and {@code c} (category): true when the caller may read the article. */
    static String visibleTo(Caller caller) {
        return caller.isTechnician()
                ? "true"
                : "(not a.for_techs_only and c.category_id is not null and not c.for_techs_only)";
    }

    static String select(boolean withBody) {
        return COLUMNS.formatted(withBody ? "a.body" : "cast(null as text)") + FROM;
    }

    static Article toArticle(Readable row) {
        Long categoryId = row.get("c_id", Long.class);
        KbCategory category = categoryId == null
                ? null
                : new KbCategory(
                        categoryId,
                        row.get("c_name", String.class),
                        row.get("c_notes", String.class),
                        row.get("c_section_id", Long.class),
                        row.get("c_section_name", String.class),
                        Boolean.TRUE.equals(row.get("c_techs", Boolean.class)),
                        Boolean.TRUE.equals(row.get("c_kb_only", Boolean.class)));
        return new Article(
                row.get("id", Long.class),
                row.get("category_id", Long.class),
                category,
                row.get("subject", String.class),
                row.get("body", String.class),
                Boolean.TRUE.equals(row.get("for_techs_only", Boolean.class)),
                row.get("tag_string", String.class),
                List.of(),
                List.of(),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }

    /** One article the caller can see, with body, tags and attachments; empty when there is none. */
    Mono<Article> one(Caller caller, long id) {
        return db.sql(select(true) + " where a.id = :id and " + visibleTo(caller))
                .bind("id", id)
                .map(ArticleRows::toArticle)
                .one()
                .flatMap(article -> complete(caller, List.of(article)).map(List::getFirst));
    }

    /** The articles with their tags (each with the number of articles the caller sees with it) and attachments. */
    Mono<List<Article>> complete(Caller caller, List<Article> articles) {
        if (articles.isEmpty()) {
            return Mono.just(List.of());
        }
        Long[] ids = articles.stream().map(Article::id).toArray(Long[]::new);
        return tagCounts(caller)
                .flatMap(counts -> db.sql(
                                """
                                select at.article_id, t.id, t.name from kb_article_tags at
                                join kb_tags t on t.id = at.tag_id
                                where at.article_id = any(:ids) order by at.article_id, at.position
                                """)
                        .bind("ids", ids)
                        .map(row -> Map.entry(
                                row.get("article_id", Long.class),
                                new ArticleTag(
                                        row.get("id", Long.class),
                                        row.get("name", String.class),
                                        counts.getOrDefault(row.get("id", Long.class), 0L))))
                        .all()
                        .collectList())
                .flatMap(tags -> db.sql(
                                """
                                select id, article_id, file_name, content_type, file_size, sha256, uploaded_by,
                                       created_at
                                from kb_attachments where article_id = any(:ids) order by id
                                """)
                        .bind("ids", ids)
                        .map(ArticleRows::toAttachment)
                        .all()
                        .collectList()
                        .map(files -> {
                            Map<Long, List<ArticleTag>> tagsByArticle = new HashMap<>();
                            tags.forEach(e -> tagsByArticle
                                    .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                    .add(e.getValue()));
                            Map<Long, List<AttachmentInfo>> filesByArticle = new HashMap<>();
                            files.forEach(f -> filesByArticle
                                    .computeIfAbsent(f.articleId(), k -> new ArrayList<>())
                                    .add(f));
                            return articles.stream()
                                    .map(a -> a.with(
                                            tagsByArticle.getOrDefault(a.id(), List.of()),
                                            filesByArticle.getOrDefault(a.id(), List.of())))
                                    .toList();
                        }));
    }

    /** Tag id to the number of articles the caller can see with that tag. */
    Mono<Map<Long, Long>> tagCounts(Caller caller) {
        return db.sql("select at.tag_id, count(*) as articles from kb_article_tags at join kb_articles a"
                        + " on a.id = at.article_id left join kb_categories c on c.tenant_id = a.tenant_id"
                        + " and c.category_id = a.category_id where " + visibleTo(caller) + " group by at.tag_id")
                .map(row -> Map.entry(row.get("tag_id", Long.class), row.get("articles", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
    }

    static AttachmentInfo toAttachment(Readable row) {
        return new AttachmentInfo(
                row.get("id", Long.class),
                row.get("article_id", Long.class),
                row.get("file_name", String.class),
                row.get("content_type", String.class),
                row.get("file_size", Long.class),
                row.get("sha256", String.class),
                row.get("uploaded_by", Long.class),
                row.get("created_at", Instant.class));
    }
}

package dev.relaydesk.kb.article;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.kb.category.KbCategories;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutgoingEvent;
import dev.relaydesk.platform.security.Caller;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The knowledge base's use cases: reading articles (everyone in the tenant, within {@link ArticleRows}' visibility),
 * and writing, refiling, tagging, attaching files to and deleting them (administrators and technicians). Every change
 * publishes its event on {@code kb.articles} in the same transaction.
 */
@Service
public class ArticleLibrary {

    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final KbCategories categories;
    private final ArticleRows rows;

    public ArticleLibrary(
            DatabaseClient db, Outbox outbox, TransactionalOperator tx, KbCategories categories, ArticleRows rows) {
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
        this.categories = categories;
        this.rows = rows;
    }

    /** The articles the caller can see (in one category, when given), without bodies, with categories and tags. */
    public Mono<ArticleListing> list(Caller caller, Long categoryId) {
        DatabaseClient.GenericExecuteSpec query = db.sql(ArticleRows.select(false) + " where "
                + ArticleRows.visibleTo(caller) + (categoryId == null ? "" : " and a.category_id = :category")
                + " order by a.id");
        if (categoryId != null) {
            query = query.bind("category", categoryId);
        }
        Mono<ArticleListing> listing = query.map(ArticleRows::toArticle)
                .all()
                .collectList()
                .flatMap(articles -> rows.complete(caller, articles))
                .flatMap(articles -> articleCounts(caller)
                        .flatMap(counts -> categories
                                .all(caller.isTechnician())
                                .map(c -> new ArticleListing.ListedCategory(c, counts.getOrDefault(c.id(), 0L)))
                                .collectList())
                        .map(listed -> new ArticleListing(articles, listed, tagsOf(articles))));
        return tx.transactional(listing);
    }

    /** One article with its body; 404 when it does not exist or the caller may not see it. */
    public Mono<Article> get(Caller caller, long id) {
        return tx.transactional(rows.one(caller, id)).switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /** Files a new article in an existing category; its id. */
    public Mono<Long> create(Caller caller, NewArticle article) {
        return Editors.only(
                caller,
                tx.transactional(requireCategory(article.categoryId())
                        .then(db.sql(
                                        """
                                        insert into kb_articles
                                          (category_id, subject, body, for_techs_only, tag_string, created_by)
                                        values (:category, :subject, :body, :techs, :tags, :author) returning id
                                        """)
                                .bind("category", article.categoryId())
                                .bind("subject", article.subject())
                                .bind("body", article.body())
                                .bind("techs", article.forTechsOnly())
                                .bind("author", caller.userId())
                                .bind("tags", Parameter.fromOrEmpty(ArticleTagList.join(article.tags()), String.class))
                                .map(row -> row.get(0, Long.class))
                                .one())
                        .flatMap(id -> saveTags(id, article.tags())
                                .then(saveAttachments(caller, id, article.attachments()))
                                .then(rows.one(caller, id))
                                .flatMap(created -> outbox.append(OutgoingEvent.of(
                                        ArticleCreated.TOPIC,
                                        id,
                                        ArticleCreated.TYPE,
                                        ArticleCreated.of(created, caller.userId()))))
                                .thenReturn(id))));
    }

    /** Changes the given fields, replaces the tags when given and adds the files; the article after the change. */
    public Mono<Article> update(Caller caller, ArticleChanges changes) {
        long id = changes.id();
        return Editors.only(
                caller,
                tx.transactional(rows.one(caller, id)
                        .switchIfEmpty(Mono.error(() -> notFound(id)))
                        .flatMap(existing -> (changes.categoryId() == null
                                                || changes.categoryId() == existing.categoryId()
                                        ? Mono.<Void>empty()
                                        : requireCategory(changes.categoryId()))
                                .then(db.sql(
                                                """
                                                update kb_articles set category_id = :category, subject = :subject,
                                                  body = :body, for_techs_only = :techs, tag_string = :tags,
                                                  updated_at = now()
                                                where id = :id
                                                """)
                                        .bind("id", id)
                                        .bind(
                                                "category",
                                                changes.categoryId() == null
                                                        ? existing.categoryId()
                                                        : changes.categoryId())
                                        .bind(
                                                "subject",
                                                changes.subject() == null ? existing.subject() : changes.subject())
                                        .bind("body", changes.body() == null ? existing.body() : changes.body())
                                        .bind(
                                                "techs",
                                                changes.forTechsOnly() == null
                                                        ? existing.forTechsOnly()
                                                        : changes.forTechsOnly())
                                        .bind(
                                                "tags",
                                                Parameter.fromOrEmpty(
                                                        changes.tags() == null
                                                                ? existing.tagString()
                                                                : ArticleTagList.join(changes.tags()),
                                                        String.class))
                                        .then())
                                .then(
                                        changes.tags() == null
                                                ? Mono.<Void>empty()
                                                : db.sql("delete from kb_article_tags where article_id = :id")
                                                        .bind("id", id)
                                                        .then()
                                                        .then(saveTags(id, changes.tags())))
                                .then(saveAttachments(caller, id, changes.attachments()))
                                .then(rows.one(caller, id))
                                .flatMap(updated -> outbox.append(OutgoingEvent.of(
                                                ArticleUpdated.TOPIC,
                                                id,
                                                ArticleUpdated.TYPE,
                                                ArticleUpdated.of(updated, caller.userId())))
                                        .thenReturn(updated)))));
    }

    /** Deletes the article with its tags and attachments. */
    public Mono<Void> delete(Caller caller, long id) {
        return Editors.only(
                caller,
                tx.transactional(rows.one(caller, id)
                        .switchIfEmpty(Mono.error(() -> notFound(id)))
                        .flatMap(existing -> db.sql("delete from kb_articles where id = :id")
                                .bind("id", id)
                                .then()
                                .then(outbox.append(OutgoingEvent.of(
                                        ArticleDeleted.TOPIC,
                                        id,
                                        ArticleDeleted.TYPE,
                                        ArticleDeleted.of(existing, caller.userId())))))));
    }

    /** An attachment of an article the caller can see, with its bytes; 404 otherwise. */
    public Mono<AttachmentFile> attachment(Caller caller, long id) {
        return tx.transactional(db.sql(
                                """
                                select f.id, f.article_id, f.file_name, f.content_type, f.file_size, f.sha256,
                                       f.uploaded_by, f.created_at, f.content,
                                       (a.for_techs_only or c.category_id is null or c.for_techs_only) as techs_only
                                from kb_attachments f join kb_articles a on a.id = f.article_id
                                left join kb_categories c on c.tenant_id = a.tenant_id
                                  and c.category_id = a.category_id
                                where f.id = :id and """
                                        + " " + ArticleRows.visibleTo(caller))
                        .bind("id", id)
                        .map(row -> new AttachmentFile(
                                ArticleRows.toAttachment(row),
                                Boolean.TRUE.equals(row.get("techs_only", Boolean.class)),
                                bytes(row.get("content", ByteBuffer.class))))
                        .one())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Attachment", id)));
    }

    private Mono<Map<Long, Long>> articleCounts(Caller caller) {
        return db.sql("select a.category_id, count(*) as articles" + ArticleRows.FROM + " where "
                        + ArticleRows.visibleTo(caller) + " group by a.category_id")
                .map(row -> Map.entry(row.get("category_id", Long.class), row.get("articles", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private static List<ArticleTag> tagsOf(List<Article> articles) {
        Map<Long, ArticleTag> tags = new LinkedHashMap<>();
        articles.forEach(a -> a.tags().forEach(t -> tags.putIfAbsent(t.id(), t)));
        return tags.values().stream()
                .sorted(Comparator.comparing((ArticleTag t) -> t.name().toLowerCase(java.util.Locale.ROOT))
                        .thenComparing(ArticleTag::id))
                .toList();
    }

    private Mono<Void> requireCategory(long categoryId) {
        return categories
                .byId(categoryId)
                .switchIfEmpty(
                        Mono.error(() -> ApiException.badParameter("categoryId", "is not a category of this helpdesk")))
                .then();
    }

    private Mono<Void> saveTags(long articleId, List<String> tags) {
        return Flux.fromStream(IntStream.range(0, tags.size()).boxed())
                .concatMap(position -> tagId(tags.get(position)).flatMap(tagId -> db.sql(
                                """
                                        insert into kb_article_tags (article_id, tag_id, position)
                                        values (:article, :tag, :position) on conflict do nothing
                                        """)
                        .bind("article", articleId)
                        .bind("tag", tagId)
                        .bind("position", position)
                        .then()))
                .then();
    }

    private Mono<Long> tagId(String name) {
        Mono<Long> existing = db.sql("select id from kb_tags where lower(name) = lower(:name)")
                .bind("name", name)
                .map(row -> row.get(0, Long.class))
                .one();
        return existing.switchIfEmpty(Mono.defer(() -> db.sql(
                        """
                                insert into kb_tags (name) values (:name)
                                on conflict (tenant_id, lower(name)) do nothing returning id
                                """)
                .bind("name", name)
                .map(row -> row.get(0, Long.class))
                .one()
                .switchIfEmpty(existing)));
    }

    private Mono<Void> saveAttachments(Caller caller, long articleId, List<NewAttachment> files) {
        return Flux.fromIterable(files)
                .concatMap(file -> db.sql(
                                """
                                insert into kb_attachments
                                  (article_id, file_name, content_type, file_size, sha256, content, uploaded_by)
                                values (:article, :name, :type, :size, :sha, :content, :user)
                                """)
                        .bind("article", articleId)
                        .bind("name", file.fileName())
                        .bind("type", file.contentType())
                        .bind("size", (long) file.content().length)
                        .bind("sha", sha256(file.content()))
                        .bind("content", ByteBuffer.wrap(file.content()))
                        .bind("user", caller.userId())
                        .then())
                .then();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return new byte[0];
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static ApiException notFound(long id) {
        return ApiException.notFound("Article", id);
    }
}

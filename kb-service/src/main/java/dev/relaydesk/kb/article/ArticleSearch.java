package dev.relaydesk.kb.article;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.security.Caller;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Full-text search over the articles a reader can see: subject, tags and body (weighted in that order), in PostgreSQL
 * ({@code kb_articles.search_vector}, GIN index). The query is web-search syntax ({@code "exact phrase"},
 * {@code or}, {@code -excluded}) and every term also matches as a prefix, so {@code printe} finds "printer". Results
 * come best first. Serves the {@code SearchArticles} method and, later, the other dialects and suggested answers.
 */
@Service
public class ArticleSearch {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    private static final int MAX_QUERY_LENGTH = 500;

    /**
     * The query as PostgreSQL's web-search parser reads it, each lexeme then turned into a prefix ({@code 'print':*}).
     */
    private static final String QUERY =
            """
            with q as (
              select cast(regexp_replace(cast(websearch_to_tsquery('english', :query) as text),
                                         '''((?:[^'']|'''')+)''', '''\\1'':*', 'g') as tsquery) as query
            )
            %s, ts_rank(a.search_vector, q.query) as rank
            %s cross join q
            where a.search_vector @@ q.query and %s
            order by rank desc, a.id desc
            limit :limit
            """;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final ArticleRows rows;

    public ArticleSearch(DatabaseClient db, TransactionalOperator tx, ArticleRows rows) {
        this.db = db;
        this.tx = tx;
        this.rows = rows;
    }

    /** The best matches first, without bodies; at most {@code limit} (1 to {@value #MAX_LIMIT}). */
    public Mono<List<Article>> search(Caller caller, String query, int limit) {
        if (query == null || query.isBlank()) {
            return Mono.error(ApiException.missingParameter("query"));
        }
        if (query.length() > MAX_QUERY_LENGTH) {
            return Mono.error(
                    ApiException.badParameter("query", "must be at most " + MAX_QUERY_LENGTH + " characters"));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(ApiException.badParameter("limit", "must be between 1 and " + MAX_LIMIT));
        }
        String sql = QUERY.formatted(
                ArticleRows.select(false).replace(ArticleRows.FROM, ""),
                ArticleRows.FROM,
                ArticleRows.visibleTo(caller));
        return tx.transactional(db.sql(sql)
                .bind("query", query.strip())
                .bind("limit", limit)
                .map(ArticleRows::toArticle)
                .all()
                .collectList()
                .flatMap(found -> rows.complete(caller, found)));
    }
}

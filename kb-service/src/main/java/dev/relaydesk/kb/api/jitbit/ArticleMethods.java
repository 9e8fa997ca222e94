package dev.relaydesk.kb.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.contract.ApiException;
import dev.relaydesk.kb.article.ArticleChanges;
import dev.relaydesk.kb.article.ArticleLibrary;
import dev.relaydesk.kb.article.ArticleListing;
import dev.relaydesk.kb.article.ArticleSearch;
import dev.relaydesk.kb.article.ArticleTagList;
import dev.relaydesk.kb.article.AttachmentUploads;
import dev.relaydesk.kb.article.NewArticle;
import dev.relaydesk.kb.article.NewAttachment;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.platform.web.RequestParameters;
import java.util.List;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seed's knowledge-base methods {@code Articles}, {@code Article} (GET and POST), and Relaydesk's additions
 * {@code UpdateArticle}, {@code DeleteArticle} and {@code SearchArticles}. Files sent as multipart parts with
 * {@code POST article} or {@code UpdateArticle} become the article's attachments.
 */
@RestController
class ArticleMethods {

    private final ArticleLibrary library;
    private final ArticleSearch search;
    private final AttachmentUploads uploads;
    private final KbUrls urls;
    private final JsonMapper json;

    ArticleMethods(
            ArticleLibrary library, ArticleSearch search, AttachmentUploads uploads, KbUrls urls, JsonMapper json) {
        this.library = library;
        this.search = search;
        this.uploads = uploads;
        this.urls = urls;
        this.json = json;
    }

    @RequestMapping(
            path = "/api/articles",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<JitbitArticleList> articles(Caller caller, ServerWebExchange exchange) {
        return parameters(exchange)
                .flatMap(p -> library.list(caller, p.longValue("categoryId")))
                .map(listing -> JitbitArticleList.of(listing, urls));
    }

    @RequestMapping(
            path = {"/api/article", "/api/article/{id}"},
            method = RequestMethod.GET)
    Mono<JitbitArticle> article(Caller caller, @PathVariable(required = false) String id, ServerWebExchange exchange) {
        return parameters(exchange)
                .flatMap(p -> library.get(caller, id == null ? p.requiredLong("id") : pathId(id)))
                .map(a -> JitbitArticle.of(a, urls));
    }

    @RequestMapping(path = "/api/article", method = RequestMethod.POST)
    Mono<Long> createArticle(Caller caller, ServerWebExchange exchange) {
        return parameters(exchange).flatMap(p -> {
            long categoryId = p.requiredLong("categoryId");
            String body = p.requiredText("body");
            String subject = p.requiredText("subject");
            boolean forTechsOnly = p.bool("forTechsOnly", false);
            List<String> tags = ArticleTagList.parse("tags", p.text("tags"));
            return files(exchange)
                    .flatMap(files -> library.create(
                            caller,
                            new NewArticle(
                                    categoryId, subject, body, forTechsOnly, tags == null ? List.of() : tags, files)));
        });
    }

    @RequestMapping(path = "/api/updatearticle", method = RequestMethod.POST)
    Mono<JitbitArticle> updateArticle(Caller caller, ServerWebExchange exchange) {
        return parameters(exchange).flatMap(p -> {
            long id = p.requiredLong("id");
            Long categoryId = p.longValue("categoryId");
            String subject = nonBlank(p, "subject");
            String body = nonBlank(p, "body");
            Boolean forTechsOnly = p.bool("forTechsOnly");
            List<String> tags = ArticleTagList.parse("tags", p.text("tags"));
            return files(exchange)
                    .flatMap(files -> library.update(
                            caller, new ArticleChanges(id, categoryId, subject, body, forTechsOnly, tags, files)))
                    .map(a -> JitbitArticle.of(a, urls));
        });
    }

    @RequestMapping(
            path = "/api/deletearticle",
            method = {RequestMethod.POST, RequestMethod.DELETE})
    Mono<Void> deleteArticle(Caller caller, ServerWebExchange exchange) {
        return parameters(exchange).flatMap(p -> library.delete(caller, p.requiredLong("id")));
    }

    @RequestMapping(
            path = "/api/searcharticles",
            method = {RequestMethod.GET, RequestMethod.POST})
    Mono<List<JitbitArticle>> searchArticles(Caller caller, ServerWebExchange exchange) {
        return parameters(exchange).flatMap(p -> {
            Integer limit = p.intValue("limit");
            return search.search(caller, p.requiredText("query"), limit == null ? ArticleSearch.DEFAULT_LIMIT : limit)
                    .map(found ->
                            found.stream().map(a -> JitbitArticle.of(a, urls)).toList());
        });
    }

    private Mono<RequestParameters> parameters(ServerWebExchange exchange) {
        return RequestParameters.read(exchange, json).onErrorMap(DataBufferLimitException.class, uploads::refused);
    }

    /** The files of a multipart request, read within the size limit, in the order sent. */
    private Mono<List<NewAttachment>> files(ServerWebExchange exchange) {
        MediaType type = exchange.getRequest().getHeaders().getContentType();
        if (type == null || !MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
            return Mono.just(List.of());
        }
        return exchange.getMultipartData()
                .onErrorMap(DataBufferLimitException.class, uploads::refused)
                .flatMapMany(parts -> Flux.fromIterable(parts.values()).flatMapIterable(list -> list))
                .ofType(FilePart.class)
                .concatMap(part -> uploads.read(
                        part.filename(),
                        part.headers().getContentType() == null
                                ? null
                                : part.headers().getContentType().toString(),
                        part.content()))
                .collectList();
    }

    private static String nonBlank(RequestParameters p, String name) {
        String value = p.text(name);
        if (value != null && value.isBlank()) {
            throw ApiException.badParameter(name, "must not be empty");
        }
        return value == null ? null : value.strip();
    }

    private static long pathId(String id) {
        try {
            return Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badParameter("id", "must be an integer");
        }
    }

    /** The seed's {@code Articles} response object. */
    record JitbitArticleList(
            @JsonProperty("Articles") List<JitbitArticle> articles,
            @JsonProperty("Categories") List<JitbitKbCategory> categories,
            @JsonProperty("Tags") List<JitbitTag> tags) {

        static JitbitArticleList of(ArticleListing listing, KbUrls urls) {
            return new JitbitArticleList(
                    listing.articles().stream()
                            .map(a -> JitbitArticle.of(a, urls))
                            .toList(),
                    listing.categories().stream().map(JitbitKbCategory::of).toList(),
                    listing.tags().stream().map(JitbitTag::of).toList());
        }
    }
}

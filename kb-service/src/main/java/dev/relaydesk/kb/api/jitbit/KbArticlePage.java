package dev.relaydesk.kb.api.jitbit;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.kb.article.Article;
import dev.relaydesk.kb.article.ArticleLibrary;
import dev.relaydesk.kb.article.AttachmentInfo;
import dev.relaydesk.kb.article.Slugs;
import dev.relaydesk.platform.security.Caller;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * {@code /KB/View/<UrlId>}: the article's page, the {@code Url} of the article JSON. The slug's leading id names the
 * article (so a link keeps working after the subject changes, and {@code /KB/View/7} works too); visibility is the
 * same as the API's. The body is shown as text (escaped, line breaks kept) and the page may run no script.
 */
@RestController
class KbArticlePage {

    private final ArticleLibrary library;
    private final KbUrls urls;

    KbArticlePage(ArticleLibrary library, KbUrls urls) {
        this.library = library;
        this.urls = urls;
    }

    @GetMapping(path = "/kb/view/{urlId}")
    Mono<ResponseEntity<String>> view(Caller caller, @PathVariable String urlId) {
        Long id = Slugs.articleId(urlId);
        if (id == null) {
            return Mono.error(ApiException.notFound("Article", urlId));
        }
        return library.get(caller, id).map(article -> ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src *")
                .header("X-Content-Type-Options", "nosniff")
                .body(html(article)));
    }

    private String html(Article a) {
        StringBuilder page = new StringBuilder()
                .append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(escape(a.subject()))
                .append("</title><link rel=\"canonical\" href=\"")
                .append(escape(urls.article(a.urlId())))
                .append("\"></head>\n<body><article>\n<h1>")
                .append(escape(a.subject()))
                .append("</h1>\n");
        if (a.category() != null) {
            page.append("<p class=\"category\">")
                    .append(escape(a.category().nameWithSection()))
                    .append("</p>\n");
        }
        if (!a.tags().isEmpty()) {
            page.append("<p class=\"tags\">")
                    .append(escape(String.join(", ", a.tagNames())))
                    .append("</p>\n");
        }
        page.append("<div class=\"body\" style=\"white-space: pre-wrap\">")
                .append(escape(a.body()))
                .append("</div>\n");
        if (!a.attachments().isEmpty()) {
            page.append("<ul class=\"attachments\">\n");
            for (AttachmentInfo f : a.attachments()) {
                page.append("<li><a href=\"")
                        .append(escape(urls.attachment(f.id())))
                        .append("\">")
                        .append(escape(f.fileName()))
                        .append("</a></li>\n");
            }
            page.append("</ul>\n");
        }
        return page.append("</article></body></html>\n").toString();
    }

    private static String escape(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
    }
}

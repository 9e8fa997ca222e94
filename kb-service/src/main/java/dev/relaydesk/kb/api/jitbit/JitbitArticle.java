package dev.relaydesk.kb.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.kb.article.Article;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The seed's article object ({@code Articles}, {@code Article}); {@code Body} is null in lists. */
record JitbitArticle(
        @JsonProperty("Attachments") List<JitbitAttachment> attachments,
        @JsonProperty("ArticleId") long articleId,
        @JsonProperty("Subject") String subject,
        @JsonProperty("Body") String body,
        @JsonProperty("ForTechsOnly") boolean forTechsOnly,
        @JsonProperty("CategoryID") long categoryId,
        @JsonProperty("CategoryName") String categoryName,
        @JsonProperty("CategoryNotes") String categoryNotes,
        @JsonProperty("TagString") String tagString,
        @JsonProperty("UrlId") String urlId,
        @JsonProperty("DateCreated") String dateCreated,
        @JsonProperty("LastUpdated") String lastUpdated,
        @JsonProperty("Url") String url,
        @JsonProperty("Tags") List<JitbitTag> tags) {

    static JitbitArticle of(Article a, KbUrls urls) {
        return new JitbitArticle(
                a.attachments().stream()
                        .map(f -> JitbitAttachment.of(f, a.forTechsOnly(), urls))
                        .toList(),
                a.id(),
                a.subject(),
                a.body(),
                a.forTechsOnly(),
                a.categoryId(),
                a.category() == null ? null : a.category().name(),
                a.category() == null ? null : a.category().notes(),
                a.tagString(),
                a.urlId(),
                format(a.createdAt()),
                format(a.updatedAt()),
                urls.article(a.urlId()),
                a.tags().stream().map(JitbitTag::of).toList());
    }

    /** Seed format for dates elsewhere in the API: {@code 2020-02-28T04:48:00Z} (seconds, UTC). */
    static String format(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}

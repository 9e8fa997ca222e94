package dev.relaydesk.kb.article;

import dev.relaydesk.kb.category.KbCategory;
import java.util.List;

/**
 * What {@code Articles} shows: the articles (without bodies), the categories the reader can see with the number of
 * articles each holds for them, and the tags of the listed articles.
 */
public record ArticleListing(List<Article> articles, List<ListedCategory> categories, List<ArticleTag> tags) {

    /** A category and how many of its articles the reader can see. */
    public record ListedCategory(KbCategory category, long articleCount) {}
}

package dev.relaydesk.kb.article;

/**
 * A tag of the tenant's knowledge base.
 *
 * @param articleCount how many articles the reader can see carry this tag
 */
public record ArticleTag(long id, String name, long articleCount) {}

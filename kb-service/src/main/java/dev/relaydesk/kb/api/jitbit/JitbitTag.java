package dev.relaydesk.kb.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.kb.article.ArticleTag;

/** The seed's tag object; {@code TagCount} is the number of articles the reader can see with the tag. */
record JitbitTag(
        @JsonProperty("TagID") long tagId, @JsonProperty("Name") String name, @JsonProperty("TagCount") long tagCount) {

    static JitbitTag of(ArticleTag tag) {
        return new JitbitTag(tag.id(), tag.name(), tag.articleCount());
    }
}

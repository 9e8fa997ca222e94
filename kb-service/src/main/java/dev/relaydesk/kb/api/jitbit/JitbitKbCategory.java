package dev.relaydesk.kb.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.kb.article.ArticleListing;

/**
 * The seed's category object in {@code Articles}. {@code TicketCount} counts the category's articles the reader can
 * see (kb-service knows no tickets); categories for specific users and from-addresses are not part of the read model.
 */
record JitbitKbCategory(
        @JsonProperty("CategoryID") long categoryId,
        @JsonProperty("Name") String name,
        @JsonProperty("SectionID") Long sectionId,
        @JsonProperty("Section") String section,
        @JsonProperty("TicketCount") long ticketCount,
        @JsonProperty("NameWithSection") String nameWithSection,
        @JsonProperty("ForTechsOnly") boolean forTechsOnly,
        @JsonProperty("ForSpecificUsers") boolean forSpecificUsers,
        @JsonProperty("FromAddress") String fromAddress,
        @JsonProperty("KBOnly") boolean kbOnly) {

    static JitbitKbCategory of(ArticleListing.ListedCategory listed) {
        var c = listed.category();
        return new JitbitKbCategory(
                c.id(),
                c.name(),
                c.sectionId(),
                c.sectionName(),
                listed.articleCount(),
                c.nameWithSection(),
                c.forTechsOnly(),
                false,
                null,
                c.kbOnly());
    }
}

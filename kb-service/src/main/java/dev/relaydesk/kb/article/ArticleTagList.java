package dev.relaydesk.kb.article;

import dev.relaydesk.contract.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the {@code tags} parameter: comma separated, trimmed, duplicates (in any case) dropped. */
public final class ArticleTagList {

    static final int MAX_TAGS = 50;
    static final int MAX_TAG_LENGTH = 100;

    private ArticleTagList() {}

    /** The tags of a comma-separated list; null stays null (no change), blank is no tags. */
    public static List<String> parse(String parameter, String value) {
        if (value == null) {
            return null;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            String tag = part.strip();
            if (tag.isEmpty()) {
                continue;
            }
            if (tag.length() > MAX_TAG_LENGTH) {
                throw ApiException.badParameter(parameter, "has a tag longer than " + MAX_TAG_LENGTH + " characters");
            }
            tags.putIfAbsent(tag.toLowerCase(Locale.ROOT), tag);
        }
        if (tags.size() > MAX_TAGS) {
            throw ApiException.badParameter(parameter, "has more than " + MAX_TAGS + " tags");
        }
        return new ArrayList<>(tags.values());
    }

    /** The stored form ({@code TagString}): the tags joined with ", ", or null when there are none. */
    static String join(List<String> tags) {
        return tags.isEmpty() ? null : String.join(", ", tags);
    }
}

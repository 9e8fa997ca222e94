package dev.relaydesk.kb.article;

import java.text.Normalizer;
import java.util.Locale;

/** Article URL slugs: {@code 6-sample-kb-article}, or just the id when the subject has no Latin letters or digits. */
public final class Slugs {

    private static final int MAX_WORDS_LENGTH = 80;

    private Slugs() {}

    public static String urlId(long id, String subject) {
        String words = Normalizer.normalize(subject == null ? "" : subject, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (words.length() > MAX_WORDS_LENGTH) {
            words = words.substring(0, MAX_WORDS_LENGTH).replaceAll("-+$", "");
        }
        return words.isEmpty() ? Long.toString(id) : id + "-" + words;
    }

    /** The article id a slug starts with ({@code 6-sample-kb-article} and {@code 6} name article 6), or null. */
    public static Long articleId(String urlId) {
        if (urlId == null) {
            return null;
        }
        int end = 0;
        while (end < urlId.length() && end < 18 && Character.isDigit(urlId.charAt(end)) && urlId.charAt(end) < 128) {
            end++;
        }
        if (end == 0 || (end < urlId.length() && urlId.charAt(end) != '-')) {
            return null;
        }
        return Long.parseLong(urlId.substring(0, end));
    }
}

package dev.relaydesk.kb.article;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** URL slugs and attachment names, without the application. */
class SlugsAndFileNamesTest {

    @Test
    void theSlugIsTheIdAndTheSubjectInLowerCaseAsciiWords() {
        assertThat(Slugs.urlId(6, "Sample KB article")).isEqualTo("6-sample-kb-article");
        assertThat(Slugs.urlId(7, "  Café & Crème — FAQ! ")).isEqualTo("7-cafe-creme-faq");
        assertThat(Slugs.urlId(8, "Привет")).isEqualTo("8");
        assertThat(Slugs.urlId(9, "a".repeat(200))).isEqualTo("9-" + "a".repeat(80));
    }

    @Test
    void theSlugsLeadingIdNamesTheArticle() {
        assertThat(Slugs.articleId("6-sample-kb-article")).isEqualTo(6L);
        assertThat(Slugs.articleId("7")).isEqualTo(7L);
        assertThat(Slugs.articleId("sample")).isNull();
        assertThat(Slugs.articleId("6sample")).isNull();
        assertThat(Slugs.articleId("99999999999999999999999-overflow")).isNull();
    }

    @Test
    void fileNamesLoseTheirPathsAndReservedCharacters() {
        assertThat(AttachmentUploads.sanitizeFileName("C:\\Users\\me\\report.pdf"))
                .isEqualTo("report.pdf");
        assertThat(AttachmentUploads.sanitizeFileName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(AttachmentUploads.sanitizeFileName("a\"b<c>\u0000d.txt")).isEqualTo("a_b_c__d.txt");
        assertThat(AttachmentUploads.sanitizeFileName("..hidden")).isEqualTo("hidden");
        assertThat(AttachmentUploads.sanitizeFileName("   ")).isEqualTo("attachment");
        assertThat(AttachmentUploads.sanitizeFileName(null)).isEqualTo("attachment");
        assertThat(AttachmentUploads.sanitizeFileName("x".repeat(300) + ".pdf"))
                .hasSize(200)
                .endsWith(".pdf");
    }

    @Test
    void theContentTypeIsTheSentOneOrGuessedFromTheName() {
        assertThat(AttachmentUploads.contentType("image/png", "a.bin")).isEqualTo("image/png");
        assertThat(AttachmentUploads.contentType(null, "a.pdf")).isEqualTo("application/pdf");
        assertThat(AttachmentUploads.contentType("not a type", "a.unknownext")).isEqualTo("application/octet-stream");
        assertThat(AttachmentUploads.contentType("*/*", "a.txt")).isEqualTo("text/plain");
    }

    @Test
    void tagsAreTrimmedAndDeduplicatedIgnoringCase() {
        assertThat(ArticleTagList.parse("tags", " billing, Billing,how-to,, ")).containsExactly("billing", "how-to");
        assertThat(ArticleTagList.parse("tags", "")).isEmpty();
        assertThat(ArticleTagList.parse("tags", null)).isNull();
    }
}

package dev.relaydesk.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relaydesk.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The knowledge-base methods of the primary dialect, the article page, attachments and the category read model. */
class ArticleMethodsTest extends KbApiTestSupport {

    static final List<String> SEED_ARTICLE_FIELDS = List.of(
            "Attachments",
            "ArticleId",
            "Subject",
            "Body",
            "ForTechsOnly",
            "CategoryID",
            "CategoryName",
            "CategoryNotes",
            "TagString",
            "UrlId",
            "DateCreated",
            "LastUpdated",
            "Url",
            "Tags");

    static final List<String> SEED_CATEGORY_FIELDS = List.of(
            "CategoryID",
            "Name",
            "SectionID",
            "Section",
            "TicketCount",
            "NameWithSection",
            "ForTechsOnly",
            "ForSpecificUsers",
            "FromAddress",
            "KBOnly");

    static final List<String> SEED_ATTACHMENT_FIELDS = List.of(
            "FileName",
            "FileData",
            "FileID",
            "CommentID",
            "CommentDate",
            "FileHash",
            "FileSize",
            "IssueID",
            "UserID",
            "GoogleDriveUrl",
            "ForTechsOnly",
            "Url");

    final String tenant = newTenant();

    @Nested
    class CategoryReadModel {

        @Test
        void createdUpdatedAndDeletedCategoryEventsKeepTheCategoriesInStep() {
            long id = category(tenant, "Payment issues");
            publishCategory(tenant, id, "relaydesk.category.updated.v1", "Billing", "Sales", false, true);
            awaitCategory(tenant, id, "\"NameWithSection\":\"Sales \\\\ Billing\"");
            assertThat(body(get("Articles", admin(tenant))))
                    .contains("{\"CategoryID\":" + id + ",\"Name\":\"Billing\",\"SectionID\":7,\"Section\":\"Sales\","
                            + "\"TicketCount\":0,\"NameWithSection\":\"Sales \\\\ Billing\",\"ForTechsOnly\":false,"
                            + "\"ForSpecificUsers\":false,\"FromAddress\":null,\"KBOnly\":true}");

            publishCategory(tenant, id, "relaydesk.category.deleted.v1", null, null, false, false);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !body(get("Articles", admin(tenant))).contains("\"CategoryID\":" + id));
        }

        @Test
        void aRedeliveredCategoryEventIsAppliedOnce() {
            long id = newCategoryId();
            var created = categoryEvent(
                    tenant,
                    id,
                    "relaydesk.category.created.v1",
                    "{\"categoryId\":" + id + ",\"name\":\"First name\",\"forTechsOnly\":false,\"kbOnly\":false}");
            TopicReader.publish(CATEGORIES, tenant + ":" + id, created);
            awaitCategory(tenant, id, "\"Name\":\"First name\"");
            publishCategory(tenant, id, "relaydesk.category.updated.v1", "Second name", null, false, false);
            awaitCategory(tenant, id, "\"Name\":\"Second name\"");
            TopicReader.publish(CATEGORIES, tenant + ":" + id, created);
            long marker = newCategoryId();
            TopicReader.publish(
                    CATEGORIES,
                    tenant + ":" + id, // the same partition as the redelivered event, so it is applied after it
                    categoryEvent(
                            tenant,
                            marker,
                            "relaydesk.category.created.v1",
                            "{\"categoryId\":" + marker + ",\"name\":\"Marker\"}"));
            awaitCategory(tenant, marker, "\"Name\":\"Marker\"");
            assertThat(body(get("Articles", admin(tenant))))
                    .contains("\"Name\":\"Second name\"")
                    .doesNotContain("First name");
        }

        @Test
        void aCategoryEventOfAnotherTenantStaysThere() {
            long id = category(tenant, "Mine");
            assertThat(body(get("Articles", admin(newTenant())))).doesNotContain("\"CategoryID\":" + id);
        }

        @Test
        void articlesOfADeletedCategoryAreLeftForTechniciansOnly() {
            long categoryId = category(tenant, "Doomed");
            long id = article(tenant, categoryId, "Orphan article");
            publishCategory(tenant, categoryId, "relaydesk.category.deleted.v1", null, null, false, false);
            await().atMost(Duration.ofSeconds(30)).until(() -> !body(get("Articles", admin(tenant)))
                    .contains("{\"CategoryID\":" + categoryId + ",\"Name\""));
            get("Article/" + id, regular(tenant)).expectStatus().isNotFound();
            assertThat(body(get("Article/" + id, technician(tenant))
                            .expectStatus()
                            .isOk()))
                    .contains("\"CategoryName\":null");
        }
    }

    @Nested
    class Articles {

        @Test
        void listsArticlesWithoutBodiesWithCategoriesAndTagsInTheSeedsShape() {
            long categoryId = category(tenant, "Payment issues");
            long id = article(tenant, categoryId, "Sample KB article");
            String list = body(get("Articles", regular(tenant)).expectStatus().isOk());
            assertThat(fieldNames(list))
                    .containsExactlyElementsOf(concat(
                            List.of("Articles"),
                            SEED_ARTICLE_FIELDS,
                            List.of("Categories"),
                            SEED_CATEGORY_FIELDS,
                            List.of("Tags")));
            assertThat(list)
                    .startsWith("{\"Articles\":[{\"Attachments\":[],\"ArticleId\":" + id
                            + ",\"Subject\":\"Sample KB article\",\"Body\":null,\"ForTechsOnly\":false,"
                            + "\"CategoryID\":" + categoryId + ",\"CategoryName\":\"Payment issues\","
                            + "\"CategoryNotes\":\"Notes of Payment issues\",\"TagString\":null,\"UrlId\":\"" + id
                            + "-sample-kb-article\",\"DateCreated\":\"")
                    .contains("\"LastUpdated\":null,\"Url\":\"http://localhost:8080/KB/View/" + id
                            + "-sample-kb-article\",\"Tags\":[]}]")
                    .endsWith("\"Categories\":[{\"CategoryID\":" + categoryId + ",\"Name\":\"Payment issues\","
                            + "\"SectionID\":null,\"Section\":null,\"TicketCount\":1,"
                            + "\"NameWithSection\":\"Payment issues\",\"ForTechsOnly\":false,"
                            + "\"ForSpecificUsers\":false,\"FromAddress\":null,\"KBOnly\":false}],\"Tags\":[]}");
            assertThat(list).containsPattern("\"DateCreated\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"");
        }

        @Test
        void categoryIdFiltersTheArticlesAndTagsCarryTheirCounts() {
            long sales = category(tenant, "Sales");
            long support = category(tenant, "Support");
            long a = article(tenant, sales, "Prices", "tags", "money, Plans");
            long b = article(tenant, support, "Printers", "tags", "hardware,money");
            String list = body(get("Articles?categoryId=" + sales, regular(tenant))
                    .expectStatus()
                    .isOk());
            assertThat(list)
                    .contains("\"ArticleId\":" + a)
                    .doesNotContain("\"ArticleId\":" + b)
                    .contains("\"TagString\":\"money, Plans\"")
                    .contains("\"CategoryID\":" + support + ",");
            assertThat(list.substring(list.lastIndexOf("\"Tags\":")))
                    .matches("\"Tags\":\\[\\{\"TagID\":\\d+,\"Name\":\"money\",\"TagCount\":2},"
                            + "\\{\"TagID\":\\d+,\"Name\":\"Plans\",\"TagCount\":1}]}");
            assertThat(body(get("Articles?CATEGORYID=" + support, regular(tenant))))
                    .contains("\"ArticleId\":" + b)
                    .doesNotContain("\"ArticleId\":" + a);
        }

        @Test
        void aMalformedCategoryIdIs400NamingIt() {
            assertError(
                    get("Articles?categoryId=abc", regular(tenant)), 400, "Parameter 'categoryId' must be an integer");
        }

        @Test
        void technicianOnlyArticlesAndCategoriesAreHiddenFromRegularUsers() {
            long open = category(tenant, "Open");
            long secret = category(tenant, "Internal", true, false);
            long visible = article(tenant, open, "Visible article");
            long techArticle = article(tenant, open, "Tech article", "forTechsOnly", "true");
            long inSecretCategory = article(tenant, secret, "Internal article");

            String regularList =
                    body(get("Articles", regular(tenant)).expectStatus().isOk());
            assertThat(regularList)
                    .contains("\"ArticleId\":" + visible)
                    .doesNotContain("\"ArticleId\":" + techArticle)
                    .doesNotContain("\"ArticleId\":" + inSecretCategory)
                    .doesNotContain("\"CategoryID\":" + secret)
                    .contains("\"CategoryID\":" + open + ",\"Name\":\"Open\",\"SectionID\":null,\"Section\":null,"
                            + "\"TicketCount\":1");
            assertThat(body(get("Articles?categoryId=" + secret, regular(tenant))))
                    .startsWith("{\"Articles\":[],");
            assertThat(body(get("Articles", technician(tenant))))
                    .contains("\"ArticleId\":" + techArticle)
                    .contains("\"ArticleId\":" + inSecretCategory)
                    .contains("\"CategoryID\":" + secret + ",\"Name\":\"Internal\"")
                    .contains("\"ForTechsOnly\":true");
        }

        @Test
        void anotherTenantsArticlesAreInvisible() {
            article(tenant, category(tenant, "Ours"), "Our article");
            assertThat(body(get("Articles", admin(newTenant())).expectStatus().isOk()))
                    .isEqualTo("{\"Articles\":[],\"Categories\":[],\"Tags\":[]}");
        }
    }

    @Nested
    class Article {

        @Test
        void returnsTheArticleWithItsBodyByPathOrQuery() {
            long categoryId = category(tenant, "Pre-sales questions");
            long id = article(tenant, categoryId, "Another sample KB article", "tags", "intro");
            String article =
                    body(get("Article/" + id, regular(tenant)).expectStatus().isOk());
            assertThat(fieldNames(article))
                    .containsExactlyElementsOf(concat(
                            SEED_ARTICLE_FIELDS.subList(0, SEED_ARTICLE_FIELDS.size() - 1),
                            List.of("Tags", "TagID", "Name", "TagCount")));
            assertThat(article)
                    .contains("\"ArticleId\":" + id)
                    .contains("\"Body\":\"Body of Another sample KB article\"")
                    .contains("\"CategoryName\":\"Pre-sales questions\"")
                    .contains("\"TagString\":\"intro\"")
                    .contains("\"UrlId\":\"" + id + "-another-sample-kb-article\"")
                    .containsPattern("\"Tags\":\\[\\{\"TagID\":\\d+,\"Name\":\"intro\",\"TagCount\":1}]}$");
            assertThat(body(get("article?id=" + id, regular(tenant))
                            .expectStatus()
                            .isOk()))
                    .isEqualTo(article);
            assertThat(body(get("ARTICLE/" + id, regular(tenant)).expectStatus().isOk()))
                    .isEqualTo(article);
        }

        @Test
        void aMissingOrMalformedIdIs400NamingIt() {
            assertError(get("Article", regular(tenant)), 400, "Parameter 'id' is required");
            assertError(get("Article?id=x", regular(tenant)), 400, "Parameter 'id' must be an integer");
            assertError(get("Article/x", regular(tenant)), 400, "Parameter 'id' must be an integer");
        }

        @Test
        void anUnknownIdIs404() {
            assertError(get("Article/987654321", admin(tenant)), 404, "Article 987654321 was not found");
        }

        @Test
        void aTechnicianOnlyArticleIs404ForARegularUser() {
            long categoryId = category(tenant, "Open");
            long id = article(tenant, categoryId, "Secret", "forTechsOnly", "true");
            assertError(get("Article/" + id, regular(tenant)), 404, "Article " + id + " was not found");
            get("Article/" + id, technician(tenant)).expectStatus().isOk();
            long inSecretCategory = article(tenant, category(tenant, "Internal", true, false), "In secret category");
            get("Article/" + inSecretCategory, regular(tenant)).expectStatus().isNotFound();
        }

        @Test
        void anotherTenantsArticleIs404() {
            long id = article(tenant, category(tenant, "Ours"), "Ours");
            get("Article/" + id, admin(newTenant())).expectStatus().isNotFound();
        }
    }

    @Nested
    class CreateArticle {

        @Test
        void createsTheArticleReturnsItsIdAndPublishesArticleCreated() {
            long categoryId = category(tenant, "KB only", false, true);
            long id = Long.parseLong(body(post(
                            "article",
                            admin(tenant),
                            "categoryId",
                            Long.toString(categoryId),
                            "subject",
                            "Sample KB article",
                            "body",
                            "How to [b]pay[/b]",
                            "forTechsOnly",
                            "false",
                            "tags",
                            "billing, how-to,,billing")
                    .expectStatus()
                    .isOk()));
            String created = event(
                    "kb.articles", tenant, id, "relaydesk.kb.article-created.v1", "\"subject\":\"Sample KB article\"");
            assertThat(fieldNames(created))
                    .containsExactly(
                            "articleId",
                            "subject",
                            "categoryId",
                            "forTechsOnly",
                            "tags",
                            "urlId",
                            "occurredAt",
                            "actorUserId");
            assertThat(created)
                    .contains("\"articleId\":" + id)
                    .contains("\"categoryId\":" + categoryId)
                    .contains("\"forTechsOnly\":false")
                    .contains("\"tags\":[\"billing\",\"how-to\"]")
                    .contains("\"urlId\":\"" + id + "-sample-kb-article\"")
                    .contains("\"actorUserId\":900000001");
            assertThat(body(get("Article/" + id, regular(tenant))))
                    .contains("\"Body\":\"How to [b]pay[/b]\"", "\"TagString\":\"billing, how-to\"");
        }

        @Test
        void acceptsJsonAndCaseInsensitiveNames() {
            long categoryId = category(tenant, "Json");
            String id = body(web.post()
                    .uri("/api/Article")
                    .header("Authorization", technician(tenant))
                    .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                    .bodyValue("{\"CategoryID\":" + categoryId + ",\"Subject\":\"From JSON\",\"Body\":\"b\","
                            + "\"ForTechsOnly\":true}")
                    .exchange()
                    .expectStatus()
                    .isOk());
            assertThat(body(get("Article/" + id, technician(tenant)))).contains("\"ForTechsOnly\":true");
        }

        @Test
        void eachRequiredParameterIsNamedWhenMissingOrMalformed() {
            long categoryId = category(tenant, "Checks");
            String c = Long.toString(categoryId);
            assertError(
                    post("article", admin(tenant), "body", "b", "subject", "s"),
                    400,
                    "Parameter 'categoryId' is required");
            assertError(
                    post("article", admin(tenant), "categoryId", "one", "body", "b", "subject", "s"),
                    400,
                    "Parameter 'categoryId' must be an integer");
            assertError(
                    post("article", admin(tenant), "categoryId", c, "subject", "s"),
                    400,
                    "Parameter 'body' is required");
            assertError(
                    post("article", admin(tenant), "categoryId", c, "body", "b", "subject", " "),
                    400,
                    "Parameter 'subject' is required");
            assertError(
                    post(
                            "article",
                            admin(tenant),
                            "categoryId",
                            c,
                            "body",
                            "b",
                            "subject",
                            "s",
                            "forTechsOnly",
                            "maybe"),
                    400,
                    "Parameter 'forTechsOnly' must be true or false");
            assertError(
                    post(
                            "article",
                            admin(tenant),
                            "categoryId",
                            c,
                            "body",
                            "b",
                            "subject",
                            "s",
                            "tags",
                            "x".repeat(101)),
                    400,
                    "Parameter 'tags' has a tag longer than 100 characters");
        }

        @Test
        void anUnknownCategoryIs400NamingCategoryId() {
            assertError(
                    post("article", admin(tenant), "categoryId", "987654321", "body", "b", "subject", "s"),
                    400,
                    "Parameter 'categoryId' is not a category of this helpdesk");
            long otherTenantsCategory = category(newTenant(), "Theirs");
            post(
                            "article",
                            admin(tenant),
                            "categoryId",
                            Long.toString(otherTenantsCategory),
                            "body",
                            "b",
                            "subject",
                            "s")
                    .expectStatus()
                    .isBadRequest();
        }

        @Test
        void aFieldOverTheMemoryLimitIs400NotAServerError() {
            long categoryId = category(tenant, "Huge");
            String huge = "x".repeat(3 * 1024 * 1024);
            assertError(
                    post(
                            "article",
                            admin(tenant),
                            "categoryId",
                            Long.toString(categoryId),
                            "subject",
                            "s",
                            "body",
                            huge),
                    400,
                    "A request field is too large");
            assertError(
                    multipart(
                            "article",
                            admin(tenant),
                            new Multipart()
                                    .field("categoryId", Long.toString(categoryId))
                                    .field("subject", "s")
                                    .field("body", huge)),
                    400,
                    "A request field is too large");
        }

        @Test
        void regularUsersCannotCreateArticles() {
            long categoryId = category(tenant, "Closed");
            assertError(
                    post(
                            "article",
                            regular(tenant),
                            "categoryId",
                            Long.toString(categoryId),
                            "body",
                            "b",
                            "subject",
                            "s"),
                    403,
                    "Requires helpdesk-administrator or technician permissions");
            assertThat(body(get("Articles", admin(tenant)))).startsWith("{\"Articles\":[],");
        }
    }

    @Nested
    class UpdateArticle {

        @Test
        void changesTheGivenFieldsReturnsTheArticleAndPublishesArticleUpdated() {
            long first = category(tenant, "First");
            long second = category(tenant, "Second");
            long id = article(tenant, first, "Old subject", "tags", "a, b");
            String updated = body(post(
                            "UpdateArticle",
                            technician(tenant),
                            "id",
                            Long.toString(id),
                            "subject",
                            "New subject!",
                            "categoryId",
                            Long.toString(second),
                            "tags",
                            "c")
                    .expectStatus()
                    .isOk());
            assertThat(fieldNames(updated)).startsWith(SEED_ARTICLE_FIELDS.toArray(String[]::new));
            assertThat(updated)
                    .contains("\"Subject\":\"New subject!\"")
                    .contains("\"Body\":\"Body of Old subject\"")
                    .contains("\"CategoryID\":" + second + ",\"CategoryName\":\"Second\"")
                    .contains("\"TagString\":\"c\"")
                    .contains("\"UrlId\":\"" + id + "-new-subject\"")
                    .containsPattern("\"LastUpdated\":\"\\d{4}-[^\"]+Z\"")
                    .containsPattern("\"Tags\":\\[\\{\"TagID\":\\d+,\"Name\":\"c\",\"TagCount\":1}]");
            assertThat(event(
                            "kb.articles",
                            tenant,
                            id,
                            "relaydesk.kb.article-updated.v1",
                            "\"subject\":\"New subject!\""))
                    .contains(
                            "\"categoryId\":" + second,
                            "\"tags\":[\"c\"]",
                            "\"urlId\":\"" + id + "-new-subject\"",
                            "\"actorUserId\":900000002");

            String cleared = body(
                    post("UpdateArticle", admin(tenant), "id", Long.toString(id), "tags", "", "forTechsOnly", "true")
                            .expectStatus()
                            .isOk());
            assertThat(cleared)
                    .contains(
                            "\"TagString\":null",
                            "\"Tags\":[]",
                            "\"ForTechsOnly\":true",
                            "\"Subject\":\"New subject!\"");
            get("Article/" + id, regular(tenant)).expectStatus().isNotFound();
        }

        @Test
        void badParametersAre400NamingThem() {
            long id = article(tenant, category(tenant, "Any"), "Subject");
            assertError(post("UpdateArticle", admin(tenant)), 400, "Parameter 'id' is required");
            assertError(post("UpdateArticle", admin(tenant), "id", "x"), 400, "Parameter 'id' must be an integer");
            assertError(
                    post("UpdateArticle", admin(tenant), "id", Long.toString(id), "subject", ""),
                    400,
                    "Parameter 'subject' must not be empty");
            assertError(
                    post("UpdateArticle", admin(tenant), "id", Long.toString(id), "categoryId", "987654321"),
                    400,
                    "Parameter 'categoryId' is not a category of this helpdesk");
        }

        @Test
        void anUnknownOrOtherTenantsArticleIs404() {
            long id = article(tenant, category(tenant, "Any"), "Subject");
            assertError(
                    post("UpdateArticle", admin(tenant), "id", "987654321", "subject", "x"),
                    404,
                    "Article 987654321 was not found");
            assertError(
                    post("UpdateArticle", admin(newTenant()), "id", Long.toString(id), "subject", "x"),
                    404,
                    "Article " + id + " was not found");
        }

        @Test
        void regularUsersCannotUpdateArticles() {
            long id = article(tenant, category(tenant, "Any"), "Subject");
            assertError(
                    post("UpdateArticle", regular(tenant), "id", Long.toString(id), "subject", "Hacked"),
                    403,
                    "Requires helpdesk-administrator or technician permissions");
            assertThat(body(get("Article/" + id, regular(tenant)))).contains("\"Subject\":\"Subject\"");
        }
    }

    @Nested
    class DeleteArticle {

        @Test
        void deletesTheArticleAndPublishesArticleDeleted() {
            long categoryId = category(tenant, "Any");
            long id = article(tenant, categoryId, "Short lived", "tags", "gone");
            post("DeleteArticle", technician(tenant), "id", Long.toString(id))
                    .expectStatus()
                    .isOk();
            get("Article/" + id, admin(tenant)).expectStatus().isNotFound();
            assertThat(event("kb.articles", tenant, id, "relaydesk.kb.article-deleted.v1"))
                    .contains(
                            "\"articleId\":" + id,
                            "\"subject\":\"Short lived\"",
                            "\"tags\":[\"gone\"]",
                            "\"categoryId\":" + categoryId,
                            "\"actorUserId\":900000002");
            assertError(
                    post("DeleteArticle", admin(tenant), "id", Long.toString(id)),
                    404,
                    "Article " + id + " was not found");
        }

        @Test
        void badIdsAre400AndOtherTenantsArticlesAre404() {
            long id = article(tenant, category(tenant, "Any"), "Kept");
            assertError(post("DeleteArticle", admin(tenant)), 400, "Parameter 'id' is required");
            assertError(post("DeleteArticle", admin(tenant), "id", "x"), 400, "Parameter 'id' must be an integer");
            post("DeleteArticle", admin(newTenant()), "id", Long.toString(id))
                    .expectStatus()
                    .isNotFound();
            get("Article/" + id, admin(tenant)).expectStatus().isOk();
        }

        @Test
        void regularUsersCannotDeleteArticles() {
            long id = article(tenant, category(tenant, "Any"), "Kept");
            assertError(
                    post("DeleteArticle", regular(tenant), "id", Long.toString(id)),
                    403,
                    "Requires helpdesk-administrator or technician permissions");
            get("Article/" + id, regular(tenant)).expectStatus().isOk();
        }
    }

    @Nested
    class Attachments {

        @Test
        void filePartsBecomeAttachmentsInTheSeedsShapeAndDownloadWithTheirType() {
            long categoryId = category(tenant, "Files");
            Multipart parts = new Multipart();
            parts.field("categoryId", Long.toString(categoryId));
            parts.field("subject", "With files");
            parts.field("body", "See attached");
            parts.file("file", "../../secret/report:final?.pdf", "application/pdf", "%PDF-1.4".getBytes());
            parts.file("file2", "../../etc/notes.txt", null, "hello".getBytes(StandardCharsets.UTF_8));
            long id = Long.parseLong(body(
                    multipart("article", admin(tenant), parts).expectStatus().isOk()));

            String article =
                    body(get("Article/" + id, regular(tenant)).expectStatus().isOk());
            String attachments = article.substring(0, article.indexOf(",\"ArticleId\""));
            assertThat(fieldNames(attachments).subList(1, 13)).containsExactlyElementsOf(SEED_ATTACHMENT_FIELDS);
            assertThat(attachments)
                    .contains("\"FileName\":\"report_final_.pdf\",\"FileData\":null,\"FileID\":")
                    .contains("\"FileName\":\"notes.txt\"")
                    .contains("\"FileSize\":8")
                    .contains("\"CommentID\":null")
                    .contains("\"IssueID\":null,\"UserID\":900000001,\"GoogleDriveUrl\":null,\"ForTechsOnly\":false")
                    .containsPattern("\"FileHash\":\"[0-9a-f]{64}\"")
                    .containsPattern("\"Url\":\"http://localhost:8080/api/KBAttachment\\?id=\\d+\"");
            long fileId = Long.parseLong(attachments.replaceAll(
                    "(?s).*\"FileName\":\"report_final_.pdf\",\"FileData\":null,\"FileID\":(\\d+).*", "$1"));

            var download = web.get()
                    .uri("/api/KBAttachment?id=" + fileId)
                    .header("Authorization", regular(tenant))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .contentType("application/pdf")
                    .expectHeader()
                    .valueEquals(
                            "Content-Disposition",
                            "attachment; filename=\"report_final_.pdf\"; filename*=UTF-8''report_final_.pdf")
                    .expectHeader()
                    .valueEquals("X-Content-Type-Options", "nosniff")
                    .expectBody(byte[].class)
                    .returnResult()
                    .getResponseBody();
            assertThat(new String(download, StandardCharsets.UTF_8)).isEqualTo("%PDF-1.4");
        }

        @Test
        void aFileWithoutAContentTypeGetsOneFromItsNameAndKeepsItsNonAsciiName() {
            long categoryId = category(tenant, "Files");
            long id = article(tenant, categoryId, "Later files");
            Multipart parts = new Multipart();
            parts.field("id", Long.toString(id));
            parts.file("attachment", "Übersicht.txt", null, "grüße".getBytes(StandardCharsets.UTF_8));
            String updated = body(multipart("UpdateArticle", technician(tenant), parts)
                    .expectStatus()
                    .isOk());
            long fileId = Long.parseLong(updated.replaceAll("(?s).*\"FileID\":(\\d+).*", "$1"));
            web.get()
                    .uri("/api/kbattachment?id=" + fileId)
                    .header("Authorization", admin(tenant))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .contentType("text/plain")
                    .expectHeader()
                    .valueEquals(
                            "Content-Disposition",
                            "attachment; filename=\"_bersicht.txt\"; filename*=UTF-8''%C3%9Cbersicht.txt");
        }

        @Test
        void aFileLargerThanTheInMemoryThresholdIsStoredWhole() {
            long categoryId = category(tenant, "Files");
            byte[] content = new byte[3 * 1024 * 1024 + 17];
            java.util.Arrays.fill(content, (byte) 'k');
            content[content.length - 1] = 'z';
            long id = Long.parseLong(body(multipart(
                            "article",
                            admin(tenant),
                            new Multipart()
                                    .field("categoryId", Long.toString(categoryId))
                                    .field("subject", "Big but allowed")
                                    .field("body", "b")
                                    .file("file", "big.iso", "application/octet-stream", content))
                    .expectStatus()
                    .isOk()));
            String article = body(get("Article/" + id, admin(tenant)));
            assertThat(article).contains("\"FileSize\":" + content.length);
            long fileId = Long.parseLong(article.replaceAll("(?s).*\"FileID\":(\\d+).*", "$1"));
            byte[] downloaded = web.mutate()
                    .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                    .build()
                    .get()
                    .uri("/api/KBAttachment?id=" + fileId)
                    .header("Authorization", admin(tenant))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .contentLength(content.length)
                    .expectBody(byte[].class)
                    .returnResult()
                    .getResponseBody();
            assertThat(downloaded).isEqualTo(content);
        }

        @Test
        void aFileOverTheSizeLimitIs400WithAMessage() {
            long categoryId = category(tenant, "Files");
            Multipart parts = new Multipart();
            parts.field("categoryId", Long.toString(categoryId));
            parts.field("subject", "Too big");
            parts.field("body", "b");
            parts.file("file", "big.bin", "application/octet-stream", new byte[10 * 1024 * 1024 + 1]);
            assertError(
                    multipart("article", admin(tenant), parts),
                    400,
                    "An attached file is larger than the limit of 10 MB");
            assertThat(body(get("Articles", admin(tenant)))).startsWith("{\"Articles\":[],");
        }

        @Test
        void attachmentsOfHiddenOrOtherTenantsArticlesAre404AndTheIdIsRequired() {
            long categoryId = category(tenant, "Files");
            Multipart parts = new Multipart();
            parts.field("categoryId", Long.toString(categoryId));
            parts.field("subject", "Tech file");
            parts.field("body", "b");
            parts.field("forTechsOnly", "true");
            parts.file("file", "secret.txt", "text/plain", "s3cr3t".getBytes(StandardCharsets.UTF_8));
            long id = Long.parseLong(body(
                    multipart("article", admin(tenant), parts).expectStatus().isOk()));
            String article = body(get("Article/" + id, technician(tenant)));
            assertThat(article).contains("\"ForTechsOnly\":true,\"Url\"");
            long fileId = Long.parseLong(article.replaceAll("(?s).*\"FileID\":(\\d+).*", "$1"));

            get("KBAttachment?id=" + fileId, technician(tenant)).expectStatus().isOk();
            assertError(
                    get("KBAttachment?id=" + fileId, regular(tenant)), 404, "Attachment " + fileId + " was not found");
            get("KBAttachment?id=" + fileId, admin(newTenant())).expectStatus().isNotFound();
            assertError(get("KBAttachment", admin(tenant)), 400, "Parameter 'id' is required");
        }
    }

    @Nested
    class ArticlePage {

        @Test
        void servesTheArticleAsAnEscapedHtmlPageAtItsUrl() {
            long categoryId = category(tenant, "Pages");
            long id = article(tenant, categoryId, "Sample <KB> article");
            String page = web.get()
                    .uri("/KB/View/" + id + "-sample-kb-article")
                    .header("Authorization", regular(tenant))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .contentType("text/html;charset=UTF-8")
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(page)
                    .contains("<h1>Sample &lt;KB&gt; article</h1>")
                    .contains("Body of Sample &lt;KB&gt; article")
                    .doesNotContain("<KB>");
            web.get()
                    .uri("/kb/view/" + id)
                    .header("Authorization", regular(tenant))
                    .exchange()
                    .expectStatus()
                    .isOk();
        }

        @Test
        void hiddenUnknownAndOtherTenantsArticlesAre404() {
            long categoryId = category(tenant, "Pages");
            long id = article(tenant, categoryId, "Internal page", "forTechsOnly", "true");
            for (var call : List.of(
                    List.of("/KB/View/" + id + "-internal-page", regular(tenant)),
                    List.of("/KB/View/" + id + "-internal-page", admin(newTenant())),
                    List.of("/KB/View/987654321-nothing", admin(tenant)),
                    List.of("/KB/View/not-an-article", admin(tenant)))) {
                web.get()
                        .uri(call.get(0))
                        .header("Authorization", call.get(1))
                        .exchange()
                        .expectStatus()
                        .isNotFound();
            }
            web.get()
                    .uri("/KB/View/" + id + "-internal-page")
                    .header("Authorization", technician(tenant))
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
    }

    @Nested
    class SearchArticles {

        WebTestClient.ResponseSpec search(String query, String authorization, String... more) {
            return web.get()
                    .uri(b -> {
                        b.path("/api/SearchArticles").queryParam("query", "{query}");
                        for (int i = 0; i < more.length; i += 2) {
                            b.queryParam(more[i], more[i + 1]);
                        }
                        return b.build(query);
                    })
                    .header("Authorization", authorization)
                    .exchange();
        }

        List<Long> found(String query, String authorization) {
            return ids(body(search(query, authorization).expectStatus().isOk()));
        }

        @Test
        void ranksSubjectMatchesFirstAndMatchesPrefixes() {
            long categoryId = category(tenant, "Search");
            long inBody = article(tenant, categoryId, "Office equipment", "body", "Restart the printer first.");
            long inSubject = article(tenant, categoryId, "Printer troubleshooting");
            long unrelated = article(tenant, categoryId, "Password reset");
            long tagged = article(tenant, categoryId, "Paper jams", "tags", "printers");

            String found =
                    body(search("printer", regular(tenant)).expectStatus().isOk());
            assertThat(ids(found)).containsExactly(inSubject, tagged, inBody);
            assertThat(found).contains("\"Body\":null").doesNotContain("\"ArticleId\":" + unrelated);

            assertThat(found("troublesh", regular(tenant))).containsExactly(inSubject);
            assertThat(found("PRINT -jams", regular(tenant))).containsExactly(inSubject, inBody);
            assertThat(found("\"password reset\"", regular(tenant))).containsExactly(unrelated);
            assertThat(found("jams or passw", regular(tenant))).containsExactlyInAnyOrder(tagged, unrelated);
            assertThat(body(search("the", regular(tenant)).expectStatus().isOk()))
                    .isEqualTo("[]");
            assertThat(found("printer", regular(tenant))).hasSize(3);
            assertThat(ids(body(search("printer", regular(tenant), "limit", "1"))))
                    .containsExactly(inSubject);
        }

        @Test
        void searchHonoursVisibilityAndTenants() {
            long open = category(tenant, "Open");
            long secret = category(tenant, "Secret", true, false);
            long visible = article(tenant, open, "Vpn setup");
            long techOnly = article(tenant, open, "Vpn internals", "forTechsOnly", "true");
            long inSecret = article(tenant, secret, "Vpn keys");
            assertThat(found("vpn", regular(tenant))).containsExactly(visible);
            assertThat(found("vpn", technician(tenant))).containsExactlyInAnyOrder(visible, techOnly, inSecret);
            assertThat(found("vpn", admin(newTenant()))).isEmpty();
        }

        @Test
        void aMissingQueryOrBadLimitIs400NamingIt() {
            assertError(get("SearchArticles", regular(tenant)), 400, "Parameter 'query' is required");
            assertError(search(" ", regular(tenant)), 400, "Parameter 'query' is required");
            assertError(search("a", regular(tenant), "limit", "0"), 400, "Parameter 'limit' must be between 1 and 100");
            assertError(search("a", regular(tenant), "limit", "x"), 400, "Parameter 'limit' must be an integer");
        }

        @Test
        void oddQueriesAreNeverAServerError() {
            for (String query : List.of("'", "a'b", "\\", ":*", "!!", "(", "or", "-", "o''neil", "\"unclosed", "&|")) {
                search(query, regular(tenant)).expectStatus().isOk();
            }
        }
    }

    static List<Long> ids(String json) {
        var matcher = java.util.regex.Pattern.compile("\"ArticleId\":(\\d+)").matcher(json);
        var ids = new java.util.ArrayList<Long>();
        while (matcher.find()) {
            ids.add(Long.parseLong(matcher.group(1)));
        }
        return ids;
    }

    @SafeVarargs
    static List<String> concat(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }
}

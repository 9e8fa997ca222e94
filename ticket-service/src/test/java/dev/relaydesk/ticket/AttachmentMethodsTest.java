package dev.relaydesk.ticket;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.relaydesk.ticket.blob.DirectoryBlobStore;
import dev.relaydesk.ticket.blob.StoredBlob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.multipart.DefaultPartHttpMessageReader;
import org.springframework.http.codec.multipart.MultipartHttpMessageReader;
import reactor.core.publisher.Flux;

/** Files: AttachFile, uploadFile parts on Ticket and Comment, Attachments, Attachment, /File/Get, DeleteFile. */
class AttachmentMethodsTest extends TicketApiTestSupport {

    String tenant = newTenant();
    long cat;
    long ticket;

    @Value("${local.server.port}")
    int port;

    @Autowired
    ServerCodecConfigurer codecs;

    @BeforeEach
    void setUp() {
        people(tenant);
        cat = category(tenant, "name", "General issues");
        ticket = ticket(tenant, regular(tenant), cat, "Broken screen");
    }

    long attach(String auth, long ticketId, String fileName, String content) {
        String ids = body(multipart(
                        "AttachFile",
                        auth,
                        fileName,
                        content.getBytes(StandardCharsets.UTF_8),
                        "id",
                        Long.toString(ticketId))
                .expectStatus()
                .isOk());
        Matcher m = Pattern.compile("\\[(\\d+)]").matcher(ids);
        assertThat(m.matches()).as(ids).isTrue();
        return Long.parseLong(m.group(1));
    }

    static List<Long> fileIds(String json) {
        return Pattern.compile("\"FileID\":(\\d+)")
                .matcher(json)
                .results()
                .map(r -> Long.parseLong(r.group(1)))
                .toList();
    }

    @Nested
    class AttachFile {

        @Test
        void attachesListsDownloadsAndLinksAFileWithTheSeedsFields() {
            long id = attach(regular(tenant), ticket, "report.txt", "hello file");
            String list = body(get("Attachments?id=" + ticket, regular(tenant))
                    .expectStatus()
                    .isOk());
            assertThat(fieldNames(list.substring(1, list.indexOf('}') + 1)))
                    .containsExactly(
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
            assertThat(list)
                    .contains(
                            "\"FileName\":\"report.txt\"",
                            "\"FileID\":" + id,
                            "\"CommentID\":null",
                            "\"FileSize\":10",
                            "\"IssueID\":" + ticket,
                            "\"UserID\":" + USER,
                            "\"ForTechsOnly\":false",
                            "\"Url\":\"/File/Get?id=" + id + "\"");
            assertThat(body(get("Ticket?id=" + ticket, regular(tenant))))
                    .contains("\"Attachments\":[{\"FileName\":\"report.txt\"", "\"Url\":\"/File/Get?id=" + id + "\"");
            for (String path : List.of("/api/attachment?id=" + id, "/File/Get?id=" + id)) {
                web.get()
                        .uri(path)
                        .header("Authorization", regular(tenant))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectHeader()
                        .contentType("text/plain")
                        .expectHeader()
                        .valueEquals("Content-Disposition", "attachment; filename=\"report.txt\"")
                        .expectBody(String.class)
                        .isEqualTo("hello file");
            }
            assertThat(event(
                            "ticket.tickets",
                            tenant,
                            ticket,
                            "relaydesk.attachment.added.v1",
                            "\"attachmentId\":" + id))
                    .contains(
                            "\"fileName\":\"report.txt\"",
                            "\"contentType\":\"text/plain\"",
                            "\"size\":10",
                            "\"actorUserId\":" + USER,
                            "\"ticket\":{");
        }

        @Test
        void sanitisesTheFileName() {
            long id = attach(regular(tenant), ticket, "../../etc/pa\"ss;wd.txt", "x");
            assertThat(body(get("Attachments?id=" + ticket, regular(tenant))))
                    .contains("\"FileName\":\"pa_ss_wd.txt\"");
            web.get()
                    .uri("/api/attachment?id=" + id)
                    .header("Authorization", regular(tenant))
                    .exchange()
                    .expectHeader()
                    .valueEquals("Content-Disposition", "attachment; filename=\"pa_ss_wd.txt\"");
        }

        @Test
        void aFileOverTheTenantsLimitAnswers413AndLeavesNothing() throws Exception {
            String limited = "tsmalllimit";
            long c = category(limited);
            long t = ticket(limited, regular(limited), c, "Big file");
            assertError(
                    multipart("AttachFile", regular(limited), "big.bin", new byte[100 * 1024], "id", Long.toString(t)),
                    413,
                    "The file is larger than the limit of 64 KB");
            assertThat(sql("select count(*) from attachments where ticket_id = " + t))
                    .isEqualTo("0");
            attach(regular(limited), t, "small.txt", "fits");
        }

        @Test
        void answers400404AndHidesOtherUsersAndTenantsTickets() {
            assertError(
                    multipart("AttachFile", regular(tenant), "a.txt", new byte[1]), 400, "Parameter 'id' is required");
            assertError(
                    multipart("AttachFile", regular(tenant), null, null, "id", Long.toString(ticket)),
                    400,
                    "Parameter 'uploadFile' is required");
            assertError(
                    multipart("AttachFile", regular(tenant), "a.txt", new byte[1], "id", "999999999"),
                    404,
                    "Ticket 999999999 was not found");
            assertError(
                    multipart(
                            "AttachFile",
                            bearer(tenant, 555, "user"),
                            "a.txt",
                            new byte[1],
                            "id",
                            Long.toString(ticket)),
                    404,
                    "Ticket " + ticket + " was not found");
            assertError(
                    multipart("AttachFile", admin(newTenant()), "a.txt", new byte[1], "id", Long.toString(ticket)),
                    404,
                    "Ticket " + ticket + " was not found");
        }
    }

    @Nested
    class UploadParts {

        @Test
        void ticketAndCommentTakeUploadFilePartsAndTechsOnlyCommentFilesStayWithTechnicians() {
            techPermission(tenant, TECH, cat);
            String created = body(multipart(
                            "Ticket",
                            regular(tenant),
                            "photo.png",
                            new byte[] {1, 2, 3},
                            "categoryId",
                            Long.toString(cat),
                            "subject",
                            "With a photo",
                            "body",
                            "see photo")
                    .expectStatus()
                    .isOk());
            long withPhoto = Long.parseLong(created);
            assertThat(body(get("Attachments?id=" + withPhoto, regular(tenant))))
                    .contains("\"FileName\":\"photo.png\"", "\"FileSize\":3", "\"CommentID\":null");

            String comment = body(multipart(
                            "Comment",
                            technician(tenant),
                            "internal.txt",
                            "secret".getBytes(StandardCharsets.UTF_8),
                            "id",
                            Long.toString(ticket),
                            "body",
                            "see internal file",
                            "forTechsOnly",
                            "true")
                    .expectStatus()
                    .isOk());
            String publicComment = body(multipart(
                            "Comment",
                            regular(tenant),
                            "public.txt",
                            "open".getBytes(StandardCharsets.UTF_8),
                            "id",
                            Long.toString(ticket),
                            "body",
                            "see my file")
                    .expectStatus()
                    .isOk());
            String forTech = body(get("Attachments?id=" + ticket, admin(tenant)));
            assertThat(forTech)
                    .contains(
                            "\"FileName\":\"internal.txt\"",
                            "\"CommentID\":" + comment,
                            "\"ForTechsOnly\":true",
                            "\"CommentID\":" + publicComment);
            long internal = fileIds(forTech).getFirst();
            String forUser = body(get("Attachments?id=" + ticket, regular(tenant)));
            assertThat(forUser).contains("\"FileName\":\"public.txt\"").doesNotContain("internal.txt");
            assertThat(body(get("Ticket?id=" + ticket, regular(tenant)))).doesNotContain("internal.txt");
            assertError(
                    get("attachment?id=" + internal, regular(tenant)),
                    404,
                    "Attachment " + internal + " was not found");
        }
    }

    @Nested
    class TicketAndCommentWithFiles {

        @Test
        void aTicketWithTwoFilesIsCreatedWithBothInOneGo() {
            String created = body(multipartFiles(
                            "Ticket",
                            regular(tenant),
                            List.of(
                                    new TestFile("one.txt", "first".getBytes(StandardCharsets.UTF_8)),
                                    new TestFile("two.bin", new byte[] {1, 2, 3, 4})),
                            "categoryId",
                            Long.toString(cat),
                            "subject",
                            "Two files",
                            "body",
                            "see both")
                    .expectStatus()
                    .isOk());
            long id = Long.parseLong(created);
            String list = body(get("Attachments?id=" + id, regular(tenant)));
            assertThat(fileIds(list)).hasSize(2);
            assertThat(list)
                    .contains(
                            "\"FileName\":\"one.txt\"",
                            "\"FileSize\":5",
                            "\"FileName\":\"two.bin\"",
                            "\"FileSize\":4",
                            "\"IssueID\":" + id);
            event("ticket.tickets", tenant, id, "relaydesk.ticket.created.v1", "Two files");
            event("ticket.tickets", tenant, id, "relaydesk.attachment.added.v1", "\"fileName\":\"one.txt\"");
            event("ticket.tickets", tenant, id, "relaydesk.attachment.added.v1", "\"fileName\":\"two.bin\"");
        }

        @Test
        void aTicketWithAFileOverTheLimitAnswers413AndIsNotCreatedNorPublished() throws Exception {
            String limited = "tsmalllimit";
            long c = category(limited);
            String subject = "Too big " + UUID.randomUUID();
            String fits = "fits-" + UUID.randomUUID() + ".txt";
            assertError(
                    multipartFiles(
                            "Ticket",
                            regular(limited),
                            List.of(
                                    new TestFile(fits, "fits".getBytes(StandardCharsets.UTF_8)),
                                    new TestFile("big.bin", new byte[100 * 1024])),
                            "categoryId",
                            Long.toString(c),
                            "subject",
                            subject,
                            "body",
                            "b"),
                    413,
                    "The file is larger than the limit of 64 KB");
            assertThat(sql("select count(*) from tickets where subject = '" + subject + "'"))
                    .isEqualTo("0");
            assertThat(sql("select count(*) from attachments where file_name = '" + fits + "'"))
                    .isEqualTo("0");
            // A ticket created afterwards is published: had the failed one written events, they would be out before.
            long later = ticket(limited, regular(limited), c, "Later " + UUID.randomUUID());
            event("ticket.tickets", limited, later, "relaydesk.ticket.created.v1");
            assertThat(eventsNow("ticket.tickets", limited))
                    .isNotEmpty()
                    .noneMatch(e -> e.contains(subject) || e.contains(fits));
        }

        @Test
        void aCommentWithAFileOverTheLimitAnswers413AndIsNotPosted() throws Exception {
            String limited = "tsmalllimit";
            long c = category(limited);
            long t = ticket(limited, regular(limited), c, "Commented");
            String text = "reply " + UUID.randomUUID();
            assertError(
                    multipartFiles(
                            "Comment",
                            regular(limited),
                            List.of(
                                    new TestFile("fits.txt", "fits".getBytes(StandardCharsets.UTF_8)),
                                    new TestFile("big.bin", new byte[100 * 1024])),
                            "id",
                            Long.toString(t),
                            "body",
                            text),
                    413,
                    "The file is larger than the limit of 64 KB");
            assertThat(sql("select count(*) from comments where body = '" + text + "'"))
                    .isEqualTo("0");
            assertThat(sql("select count(*) from attachments where ticket_id = " + t))
                    .isEqualTo("0");
            assertThat(body(get("Comments?id=" + t, regular(limited)))).doesNotContain(text);
        }
    }

    @Nested
    class Download {

        @Test
        void answers400And404() {
            long id = attach(regular(tenant), ticket, "a.txt", "a");
            assertError(get("attachment", regular(tenant)), 400, "Parameter 'id' is required");
            assertError(get("attachment?id=999999999", regular(tenant)), 404, "Attachment 999999999 was not found");
            assertError(
                    get("attachment?id=" + id, bearer(tenant, 555, "user")),
                    404,
                    "Attachment " + id + " was not found");
            assertError(get("attachment?id=" + id, admin(newTenant())), 404, "Attachment " + id + " was not found");
            assertError(get("Attachments", regular(tenant)), 400, "Parameter 'id' is required");
            assertError(get("Attachments?id=999999999", regular(tenant)), 404, "Ticket 999999999 was not found");
        }

        /**
         * 50 MB up and down, compared by SHA-256. The test streams both ways (JDK HTTP client, generated input, digest
         * of the response stream): neither side ever has the file in one array. In the service, the multipart reader
         * holds at most 256 KB of a part (asserted below) and spools the rest to disk; the blob store writes 256 KB
         * chunks; and no production class joins buffers (asserted below).
         */
        @Test
        void a50MegabyteFileGoesUpAndComesBackByteIdenticalWithoutBeingHeldInMemory() throws Exception {
            MultipartHttpMessageReader multipart = codecs.getReaders().stream()
                    .filter(MultipartHttpMessageReader.class::isInstance)
                    .map(MultipartHttpMessageReader.class::cast)
                    .findFirst()
                    .orElseThrow();
            assertThat(((DefaultPartHttpMessageReader) multipart.getPartReader()).getMaxInMemorySize())
                    .isEqualTo(256 * 1024);
            noClasses()
                    .that()
                    .resideInAPackage("dev.relaydesk.ticket..")
                    .should()
                    .callMethod(DataBufferUtils.class, "join", Publisher.class)
                    .orShould()
                    .callMethod(DataBufferUtils.class, "join", Publisher.class, int.class)
                    .check(new ClassFileImporter()
                            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                            .importPackages("dev.relaydesk.ticket"));

            long size = 50L * 1024 * 1024;
            String boundary = "relaydesk-boundary-50mb";
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n" + ticket + "\r\n"
                            + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"uploadFile\";"
                            + " filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            HttpRequest upload = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/AttachFile"))
                    .header("Authorization", regular(tenant))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .timeout(Duration.ofMinutes(3))
                    .POST(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                                    new SequenceInputStream(new ByteArrayInputStream(head), generated(size)),
                                    new ByteArrayInputStream(tail))),
                            head.length + size + tail.length))
                    .build();
            HttpResponse<String> uploaded = http.send(upload, HttpResponse.BodyHandlers.ofString());
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
            long id = Long.parseLong(uploaded.body().replaceAll("\\D", ""));

            HttpRequest download = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/File/Get?id=" + id))
                    .header("Authorization", regular(tenant))
                    .timeout(Duration.ofMinutes(3))
                    .build();
            HttpResponse<InputStream> downloaded = http.send(download, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(downloaded.statusCode()).isEqualTo(200);
            assertThat(downloaded.headers().firstValueAsLong("Content-Length")).hasValue(size);
            String expected = sha256(generated(size));
            assertThat(sha256(downloaded.body())).isEqualTo(expected);
            assertThat(body(get("Attachments?id=" + ticket, regular(tenant))))
                    .contains("\"FileSize\":" + size, "\"FileHash\":\"" + expected + "\"");
        }
    }

    @Nested
    class DeleteFile {

        @Test
        void administratorsDeleteAFileAndDeletedIsPublished() {
            long id = attach(regular(tenant), ticket, "a.txt", "a");
            assertError(
                    get("DeleteFile?id=" + id, technician(tenant)),
                    403,
                    "Deleting files requires administrator permissions");
            assertError(
                    get("DeleteFile?id=" + id, regular(tenant)),
                    403,
                    "Deleting files requires administrator permissions");
            assertError(get("DeleteFile?id=" + id, admin(newTenant())), 404, "Attachment " + id + " was not found");
            get("DeleteFile/" + id, admin(tenant)).expectStatus().isOk();
            assertError(get("attachment?id=" + id, admin(tenant)), 404, "Attachment " + id + " was not found");
            assertThat(fileIds(body(get("Attachments?id=" + ticket, admin(tenant)))))
                    .isEmpty();
            assertThat(event(
                            "ticket.tickets",
                            tenant,
                            ticket,
                            "relaydesk.attachment.deleted.v1",
                            "\"attachmentId\":" + id))
                    .contains("\"fileName\":\"a.txt\"", "\"actorUserId\":" + ADMIN);
            assertError(get("DeleteFile", admin(tenant)), 400, "Parameter 'id' is required");
            assertError(get("DeleteFile?id=" + id, admin(tenant)), 404, "Attachment " + id + " was not found");
        }
    }

    @Nested
    class LocalDirectoryStore {

        @Test
        void storesReadsAndDeletesFilesAndRefusesOversizedOnes(@TempDir Path dir) throws Exception {
            DirectoryBlobStore store = new DirectoryBlobStore(dir);
            byte[] bytes = new byte[700_000];
            new Random(7).nextBytes(bytes);
            Flux<DataBuffer> content = Flux.range(0, 7)
                    .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(
                            java.util.Arrays.copyOfRange(bytes, i * 100_000, (i + 1) * 100_000)));
            StoredBlob blob = store.store(content, 1_000_000).block(Duration.ofSeconds(20));
            assertThat(blob.size()).isEqualTo(700_000);
            assertThat(blob.sha256()).isEqualTo(sha256(new ByteArrayInputStream(bytes)));
            byte[] read = DataBufferUtils.join(store.read(blob.key(), blob.size()))
                    .map(b -> {
                        byte[] all = new byte[b.readableByteCount()];
                        b.read(all);
                        return all;
                    })
                    .block(Duration.ofSeconds(20));
            assertThat(read).isEqualTo(bytes);
            store.delete(blob.key()).block(Duration.ofSeconds(20));
            assertThat(Files.list(dir)).isEmpty();
            Flux<DataBuffer> tooBig =
                    Flux.range(0, 7).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[100_000]));
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> store.store(tooBig, 500_000).block(Duration.ofSeconds(20)))
                    .hasMessage("The file is larger than the limit of 500000 bytes");
            assertThat(Files.list(dir)).isEmpty();
        }
    }

    /** {@code size} deterministic pseudo-random bytes, generated as they are read. */
    static InputStream generated(long size) {
        return new InputStream() {
            final Random random = new Random(42);
            final byte[] block = new byte[64 * 1024];
            int position = block.length;
            long remaining = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (remaining == 0) {
                    return -1;
                }
                if (position == block.length) {
                    random.nextBytes(block);
                    position = 0;
                }
                int n = (int) Math.min(Math.min(len, block.length - position), remaining);
                System.arraycopy(block, position, b, off, n);
                position += n;
                remaining -= n;
                return n;
            }
        };
    }

    static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.relaydesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.ticket.blob.Chunks;
import dev.relaydesk.ticket.blob.S3BlobStore;
import dev.relaydesk.ticket.blob.StoredBlob;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The S3-compatible attachment store against a real S3 server on loopback (S3Proxy, see {@link S3TestServer}): the store
 * itself (single and multipart uploads, limits, deletes), and the API end to end in a ticket-service configured with
 * {@code relaydesk.attachments.store=s3} (the one extra Spring context of this module's tests).
 */
class S3AttachmentStoreTest extends TicketApiTestSupport {

    static final String API_PREFIX = "api-files/";

    @DynamicPropertySource
    static void s3Store(DynamicPropertyRegistry registry) {
        registry.add("relaydesk.attachments.store", () -> "s3");
        registry.add("relaydesk.attachments.s3.endpoint", () -> S3TestServer.endpoint()
                .toString());
        registry.add("relaydesk.attachments.s3.region", () -> "us-east-1");
        registry.add("relaydesk.attachments.s3.bucket", () -> S3TestServer.BUCKET);
        registry.add("relaydesk.attachments.s3.access-key", () -> S3TestServer.ACCESS_KEY);
        registry.add("relaydesk.attachments.s3.secret-key", () -> S3TestServer.SECRET_KEY);
        registry.add("relaydesk.attachments.s3.key-prefix", () -> API_PREFIX);
    }

    /** The store on its own, each test under its own key prefix in the shared bucket. */
    abstract static class StoreTest {

        final String prefix = "store-" + UUID.randomUUID() + "/";
        S3BlobStore store;

        @BeforeEach
        void openStore() {
            store = new S3BlobStore(S3TestServer.config(prefix));
        }

        @AfterEach
        void closeStore() {
            store.close();
        }

        /** Nothing under this test's prefix: no object, no unfinished multipart upload (stub or part). */
        void assertNothingLeft() {
            assertThat(S3TestServer.rawNames(prefix)).isEmpty();
            assertThat(S3TestServer.client()
                            .listMultipartUploads(
                                    b -> b.bucket(S3TestServer.BUCKET).prefix(prefix))
                            .uploads())
                    .isEmpty();
        }
    }

    @Nested
    class StoreAndRead extends StoreTest {

        @Test
        void aSmallFileGoesUpInOnePutAndComesBackByteIdentical() throws Exception {
            byte[] bytes = new byte[700_000];
            new Random(7).nextBytes(bytes);
            StoredBlob blob = store.store(buffers(bytes, 100_000), 1_000_000).block(Duration.ofSeconds(30));

            assertThat(blob.key()).startsWith(prefix);
            assertThat(blob.size()).isEqualTo(700_000);
            assertThat(blob.sha256()).isEqualTo(sha256(bytes));
            assertThat(S3TestServer.rawNames(prefix)).containsExactly(blob.key());
            ResponseBytes<GetObjectResponse> object = S3TestServer.client()
                    .getObjectAsBytes(b -> b.bucket(S3TestServer.BUCKET).key(blob.key()));
            assertThat(object.response().eTag()).doesNotContain("-");
            assertThat(object.asByteArray()).isEqualTo(bytes);
            assertThat(sha256(store.read(blob.key(), blob.size()))).isEqualTo(blob.sha256());
        }

        @Test
        void anEmptyFileIsStoredAndReadAsEmpty() throws Exception {
            StoredBlob blob = store.store(Flux.empty(), 1_000).block(Duration.ofSeconds(30));
            assertThat(blob.size()).isZero();
            assertThat(S3TestServer.rawNames(prefix)).containsExactly(blob.key());
            assertThat(sha256(store.read(blob.key(), 0))).isEqualTo(sha256(new byte[0]));
        }

        /**
         * 20 MB generated as it is read (never one array), uploaded in three parts of at least 8 MiB (the last one
         * smaller), read back as a stream and compared by SHA-256.
         */
        @Test
        void aFileSpanningSeveralPartsGoesUpAsAMultipartUploadAndComesBackByteIdentical() throws Exception {
            long size = 20L * 1024 * 1024;
            StoredBlob blob = store.store(generated(size), size).block(Duration.ofMinutes(2));

            String expected = sha256(AttachmentMethodsTest.generated(size));
            assertThat(blob.size()).isEqualTo(size);
            assertThat(blob.sha256()).isEqualTo(expected);
            var head = S3TestServer.client()
                    .headObject(b -> b.bucket(S3TestServer.BUCKET).key(blob.key()));
            assertThat(head.contentLength()).isEqualTo(size);
            assertThat(head.eTag())
                    .as("a multipart upload's ETag counts its parts")
                    .endsWith("-3\"");
            assertThat(S3TestServer.rawNames(prefix)).containsExactly(blob.key());
            assertThat(sha256(store.read(blob.key(), blob.size()))).isEqualTo(expected);
        }
    }

    @Nested
    class Limits extends StoreTest {

        @Test
        void aFileOverTheLimitWithinTheFirstPartAnswers413AndLeavesNothing() {
            assertThatThrownBy(() -> store.store(generated(300_000), 100_000).block(Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE))
                    .hasMessage("The file is larger than the limit of 100000 bytes");
            assertNothingLeft();
        }

        @Test
        void aFileOverTheLimitAfterPartsWereUploadedAnswers413AndAbortsTheMultipartUpload() {
            long limit = 10L * 1024 * 1024;
            assertThatThrownBy(() ->
                            store.store(generated(12L * 1024 * 1024), limit).block(Duration.ofMinutes(1)))
                    .isInstanceOf(ApiException.class)
                    .hasMessage("The file is larger than the limit of 10 MB");
            assertNothingLeft();
        }
    }

    @Nested
    class Delete extends StoreTest {

        @Test
        void deletingRemovesTheObjectAndDeletingAgainIsFine() {
            StoredBlob blob = store.store(buffers("bye".getBytes(StandardCharsets.UTF_8), 3), 100)
                    .block(Duration.ofSeconds(30));
            assertThat(S3TestServer.rawNames(prefix)).containsExactly(blob.key());

            store.delete(blob.key()).block(Duration.ofSeconds(30));
            assertNothingLeft();
            store.delete(blob.key()).block(Duration.ofSeconds(30));
            assertThatThrownBy(() -> store.read(blob.key(), 3).blockLast(Duration.ofSeconds(30)))
                    .isInstanceOf(NoSuchKeyException.class);
        }
    }

    /** The API end to end, with the bytes in the S3 bucket. */
    @Nested
    class Api {

        String tenant = newTenant();
        long cat;
        long ticket;

        @BeforeEach
        void setUp() {
            people(tenant);
            cat = category(tenant, "name", "General issues");
            ticket = ticket(tenant, regular(tenant), cat, "Broken screen");
        }

        @Test
        void attachFileListsDownloadsAndDeletesAFileKeptInTheBucket() throws Exception {
            String ids = body(multipart(
                            "AttachFile",
                            regular(tenant),
                            "report.txt",
                            "hello s3".getBytes(StandardCharsets.UTF_8),
                            "id",
                            Long.toString(ticket))
                    .expectStatus()
                    .isOk());
            long id = Long.parseLong(ids.replaceAll("\\D", ""));

            assertThat(sql("select blob_store from attachments where id = " + id))
                    .isEqualTo("s3");
            String key = sql("select blob_key from attachments where id = " + id);
            assertThat(key).startsWith(API_PREFIX);
            assertThat(S3TestServer.client()
                            .getObjectAsBytes(b -> b.bucket(S3TestServer.BUCKET).key(key))
                            .asUtf8String())
                    .isEqualTo("hello s3");

            assertThat(body(get("Attachments?id=" + ticket, regular(tenant))))
                    .contains(
                            "\"FileName\":\"report.txt\"",
                            "\"FileID\":" + id,
                            "\"FileSize\":8",
                            "\"Url\":\"/File/Get?id=" + id + "\"");
            for (String path : List.of("/api/Attachment?id=" + id, "/File/Get?id=" + id)) {
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
                        .isEqualTo("hello s3");
            }
            assertError(get("attachment?id=" + id, admin(newTenant())), 404, "Attachment " + id + " was not found");

            get("DeleteFile?id=" + id, admin(tenant)).expectStatus().isOk();
            assertError(get("attachment?id=" + id, admin(tenant)), 404, "Attachment " + id + " was not found");
            assertThat(S3TestServer.rawNames(key)).isEmpty();
            event("ticket.tickets", tenant, ticket, "relaydesk.attachment.deleted.v1", "\"attachmentId\":" + id);
        }

        @Test
        void aTicketWithTwoFilesKeepsBothInTheBucket() throws Exception {
            String created = body(multipartFiles(
                            "Ticket",
                            regular(tenant),
                            List.of(
                                    new TestFile("one.txt", "first".getBytes(StandardCharsets.UTF_8)),
                                    new TestFile("two.txt", "second".getBytes(StandardCharsets.UTF_8))),
                            "categoryId",
                            Long.toString(cat),
                            "subject",
                            "Two files in S3",
                            "body",
                            "b")
                    .expectStatus()
                    .isOk());
            long id = Long.parseLong(created);
            List<Long> files = Pattern.compile("\"FileID\":(\\d+)")
                    .matcher(body(get("Attachments?id=" + id, regular(tenant))))
                    .results()
                    .map(r -> Long.parseLong(r.group(1)))
                    .toList();
            assertThat(files).hasSize(2);
            assertThat(body(get("attachment?id=" + files.get(1), regular(tenant))))
                    .isEqualTo("second");
            assertThat(S3TestServer.rawNames(sql("select blob_key from attachments where id = " + files.get(0))))
                    .hasSize(1);
        }

        @Test
        void aTicketWhoseSecondFileIsOverTheLimitLeavesNoTicketAndNoObjectBehind() throws Exception {
            String limited = "tsmalllimit";
            long c = category(limited);
            List<String> before = S3TestServer.rawNames(API_PREFIX);
            String subject = "Too big for S3 " + UUID.randomUUID();
            assertError(
                    multipartFiles(
                            "Ticket",
                            regular(limited),
                            List.of(
                                    new TestFile("fits.txt", "fits".getBytes(StandardCharsets.UTF_8)),
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
            assertThat(S3TestServer.rawNames(API_PREFIX)).containsExactlyInAnyOrderElementsOf(before);
        }
    }

    static Flux<DataBuffer> buffers(byte[] bytes, int size) {
        return Flux.range(0, (bytes.length + size - 1) / size)
                .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(
                        java.util.Arrays.copyOfRange(bytes, i * size, Math.min(bytes.length, (i + 1) * size))));
    }

    /** {@code size} deterministic pseudo-random bytes in 64 KB buffers, generated as they are requested. */
    static Flux<DataBuffer> generated(long size) {
        return DataBufferUtils.readInputStream(
                () -> AttachmentMethodsTest.generated(size), DefaultDataBufferFactory.sharedInstance, 64 * 1024);
    }

    /** The SHA-256 of a stream of buffers, digested buffer by buffer (never joined). */
    static String sha256(Flux<DataBuffer> content) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        content.doOnNext(buffer -> {
                    assertThat(buffer.readableByteCount()).isLessThanOrEqualTo(Chunks.SIZE);
                    try (DataBuffer.ByteBufferIterator it = buffer.readableByteBuffers()) {
                        while (it.hasNext()) {
                            digest.update(it.next());
                        }
                    }
                    DataBufferUtils.release(buffer);
                })
                .blockLast(Duration.ofMinutes(2));
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static String sha256(InputStream in) throws Exception {
        return AttachmentMethodsTest.sha256(in);
    }
}

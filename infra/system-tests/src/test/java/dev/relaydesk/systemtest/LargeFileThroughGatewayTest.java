package dev.relaydesk.systemtest;

import static dev.relaydesk.systemtest.GatewayClient.expect;
import static dev.relaydesk.systemtest.GatewayClient.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.localstack.App;
import dev.relaydesk.localstack.JvmOptions;
import dev.relaydesk.localstack.LocalPlatform;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A 50 MB attachment goes up through the gateway and comes back byte-identical. The proof that no JVM on the way holds
 * the whole file: the gateway and ticket-service run with a 96 MB heap and 24 MB of direct memory, and exit on an
 * out-of-memory error ({@code -XX:+ExitOnOutOfMemoryError}), so holding 50 MB at once in either would end the process
 * and fail the transfer; after the transfer both still answer their health checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeFileThroughGatewayTest {

    static final long SIZE = 50L * 1024 * 1024;

    Path home;
    LocalPlatform platform;
    GatewayClient api;

    @BeforeAll
    void startPlatform() throws IOException {
        List<String> jvm = new ArrayList<>(JvmOptions.DEFAULTS.stream()
                .filter(option -> !option.startsWith("-Xmx") && !option.startsWith("-Xms"))
                .toList());
        jvm.addAll(List.of("-Xms32m", "-Xmx96m", "-XX:MaxDirectMemorySize=24m", "-XX:+ExitOnOutOfMemoryError"));
        home = Files.createTempDirectory("relaydesk-large-file-test");
        platform = TestStacks.builder(home)
                .apps(App.GATEWAY, App.USER_SERVICE, App.TICKET_SERVICE)
                .jvmOptions(jvm)
                .healthTimeout(Duration.ofMinutes(3))
                .start();
        api = new GatewayClient(platform.gatewayUrl(), GatewayClient.ADMIN);
    }

    @AfterAll
    void stopPlatform() throws IOException {
        TestStacks.stop(platform, home);
    }

    @Test
    void aFiftyMegabyteFileGoesUpAndComesBackByteIdenticalThroughTheGateway() throws Exception {
        long category = id(api.post("/api/CreateCategory", "name", "Files"));
        long ticket = id(
                api.post("/api/ticket", "categoryId", Long.toString(category), "subject", "Logs", "body", "See file"));

        String boundary = "relaydesk-system-test-boundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n" + ticket + "\r\n"
                        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"uploadFile\";"
                        + " filename=\"server logs.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> uploaded = http.send(
                HttpRequest.newBuilder(platform.gatewayUrl().resolve("/api/AttachFile"))
                        .header("Authorization", GatewayClient.ADMIN)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .timeout(Duration.ofMinutes(3))
                        .POST(HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                                        new SequenceInputStream(new ByteArrayInputStream(head), generated(SIZE)),
                                        new ByteArrayInputStream(tail))),
                                head.length + SIZE + tail.length))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        long file = Long.parseLong(expect(200, uploaded).replaceAll("\\D", ""));

        String attachments = expect(200, api.get("/api/Attachments?id=" + ticket));
        assertThat(attachments).contains("\"FileSize\":" + SIZE).contains("server logs.bin");
        String ticketJson = expect(200, api.get("/api/ticket?id=" + ticket));
        assertThat(ticketJson).contains("/File/Get?id=" + file);

        HttpResponse<InputStream> downloaded = http.send(
                HttpRequest.newBuilder(platform.gatewayUrl().resolve("/File/Get?id=" + file))
                        .header("Authorization", GatewayClient.ADMIN)
                        .timeout(Duration.ofMinutes(3))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(downloaded.statusCode()).isEqualTo(200);
        assertThat(downloaded.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(
                        value -> assertThat(value).contains("attachment").contains("server"));
        assertThat(sha256(downloaded.body())).isEqualTo(sha256(generated(SIZE)));

        for (App app : List.of(App.GATEWAY, App.TICKET_SERVICE)) {
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(platform.url(app).resolve("/actuator/health/liveness"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as("%s after the transfer", app).isEqualTo(200);
        }
    }

    /** {@code size} deterministic pseudo-random bytes, produced as they are read. */
    static InputStream generated(long size) {
        return new InputStream() {
            long left = size;
            long state = 0x9E3779B97F4A7C15L;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                left--;
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                return (int) (state & 0xFF);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) read();
                }
                return n;
            }
        };
    }

    static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

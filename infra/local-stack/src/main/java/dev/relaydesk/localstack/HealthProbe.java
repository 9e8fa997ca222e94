package dev.relaydesk.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks an application's {@code /actuator/health} whether it is ready. The stack calls an application started only when
 * this says UP, so "started" means "answers requests", not "the process exists".
 */
final class HealthProbe {

    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** The reported status ({@code UP}, {@code DOWN}, ...), or a short reason why there is none. */
    String status(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(3))
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher status = STATUS.matcher(response.body());
            if (status.find()) {
                return status.group(1);
            }
            return "HTTP " + response.statusCode();
        } catch (IOException e) {
            return "no answer";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    boolean isUp(int port) {
        return "UP".equals(status(port));
    }
}

package dev.relaydesk.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Calls the platform through its gateway as one caller, the way an integration would. */
final class GatewayClient {

    static final String ADMIN =
            "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI gateway;
    private final String authorization;

    GatewayClient(URI gateway, String authorization) {
        this.gateway = gateway;
        this.authorization = authorization;
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return send("GET", pathAndQuery, null, null);
    }

    /** A form POST: {@code post("/api/ticket", "subject", "Help", ...)}. */
    HttpResponse<String> post(String path, String... pairs) throws Exception {
        return send("POST", path, "application/x-www-form-urlencoded", form(pairs));
    }

    HttpResponse<String> postJson(String path, String body) throws Exception {
        return send("POST", path, "application/json", body);
    }

    HttpResponse<String> putJson(String path, String body) throws Exception {
        return send("PUT", path, "application/json", body);
    }

    HttpResponse<String> send(String method, String path, String type, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", authorization);
        if (type != null) {
            request.header("Content-Type", type);
        }
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The body of a response that must have this status (the assertion names the call and its answer). */
    static String expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode())
                .as("%s %s answered %s", response.request().method(), response.uri(), response.body())
                .isEqualTo(status);
        return response.body();
    }

    /** A method's plain-number answer (new ids). */
    static long id(HttpResponse<String> response) {
        return Long.parseLong(expect(200, response).trim());
    }

    static String form(String... pairs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            parts.add(pairs[i] + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return String.join("&", parts);
    }
}

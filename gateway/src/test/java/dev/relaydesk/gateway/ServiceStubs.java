package dev.relaydesk.gateway;

import com.nimbusds.jwt.SignedJWT;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stand-ins for the six services, one Reactor Netty server each on its own loopback port (started once per test JVM),
 * so a test can tell from the answer which service a request reached. Every service echoes what it received (method,
 * path, query, headers, body) as JSON naming itself; user-service also plays the credential check:
 * {@code admin/admin} is user 1 (admin), {@code tech/secret} is user 42 (with some role claims a user cannot have),
 * {@code broken/...} makes it fail with 500, anything else is 401. A {@code pad=N} parameter pads the echo to about N
 * characters; {@code delay=MS} holds the answer back for MS milliseconds; {@code status=N} answers with status N;
 * {@code hop=1} adds hop-by-hop headers to the answer ({@code Connection: X-Stub-Private}, {@code X-Stub-Private},
 * {@code Keep-Alive}) next to an end-to-end {@code X-Stub-Kept}.
 */
final class ServiceStubs {

    static final List<String> SERVICES = List.of(
            "user-service",
            "ticket-service",
            "kb-service",
            "asset-service",
            "automation-service",
            "notification-service");

    static final String VERIFY_PATH = "/internal/credentials/verify";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PAD = Pattern.compile("(?:^|&)pad=(\\d+)");
    private static final Pattern DELAY = Pattern.compile("(?:^|&)delay=(\\d+)");
    private static final Pattern STATUS = Pattern.compile("(?:^|&)status=(\\d{3})");
    private static final Pattern HOP = Pattern.compile("(?:^|&)hop=1");
    private static ServiceStubs instance;

    private final Map<String, DisposableServer> servers = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Received> verifyCalls = new ConcurrentLinkedQueue<>();

    /** What a stub received. */
    record Received(
            String service, String method, String path, String query, Map<String, List<String>> headers, String body) {

        List<String> header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        /** The tenant claim of the bearer token this request carried (read, not verified). */
        String tokenTenant() {
            try {
                String bearer = header("authorization").getFirst().substring("Bearer ".length());
                return SignedJWT.parse(bearer).getJWTClaimsSet().getStringClaim("tenant");
            } catch (ParseException e) {
                throw new AssertionError("not a JWT", e);
            }
        }
    }

    static synchronized ServiceStubs get() {
        if (instance == null) {
            ServiceStubs stubs = new ServiceStubs();
            for (String service : SERVICES) {
                stubs.servers.put(
                        service,
                        HttpServer.create()
                                .host("127.0.0.1")
                                .port(0)
                                .handle((request, response) -> stubs.handle(service, request, response))
                                .bindNow());
            }
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> stubs.servers.values().forEach(DisposableServer::disposeNow)));
            instance = stubs;
        }
        return instance;
    }

    String baseUrl(String service) {
        return "http://127.0.0.1:" + servers.get(service).port();
    }

    /** The credential checks user-service received for {@code tenant}. */
    List<Received> verifyCallsFor(String tenant) {
        List<Received> calls = new ArrayList<>();
        for (Received call : verifyCalls) {
            if (tenant.equals(call.tokenTenant())) {
                calls.add(call);
            }
        }
        return calls;
    }

    private Publisher<Void> handle(String service, HttpServerRequest request, HttpServerResponse response) {
        return request.receive()
                .aggregate()
                .asString(StandardCharsets.UTF_8)
                .defaultIfEmpty("")
                .flatMap(body -> {
                    String uri = request.uri();
                    int q = uri.indexOf('?');
                    Received received = new Received(
                            service,
                            request.method().name(),
                            q < 0 ? uri : uri.substring(0, q),
                            q < 0 ? "" : uri.substring(q + 1),
                            headers(request),
                            body);
                    if (service.equals("user-service") && received.path().equals(JWKS_PATH)) {
                        return send(response, HttpResponseStatus.OK, jwks.getBytes(StandardCharsets.UTF_8));
                    }
                    if (service.equals("user-service") && received.path().equals(VERIFY_PATH)) {
                        verifyCalls.add(received);
                        return verify(received, response);
                    }
                    Map<String, Object> echo = new LinkedHashMap<>();
                    echo.put("service", received.service());
                    echo.put("method", received.method());
                    echo.put("path", received.path());
                    echo.put("query", received.query());
                    echo.put("headers", received.headers());
                    echo.put("body", received.body());
                    Matcher pad = PAD.matcher(received.query());
                    if (pad.find()) {
                        echo.put("padding", "relaydesk ".repeat(Integer.parseInt(pad.group(1)) / 10 + 1));
                    }
                    Matcher status = STATUS.matcher(received.query());
                    if (HOP.matcher(received.query()).find()) {
                        response.header(HttpHeaderNames.CONNECTION, "keep-alive, X-Stub-Private")
                                .header("X-Stub-Private", "for the gateway only")
                                .header(HttpHeaderNames.KEEP_ALIVE, "timeout=5")
                                .header("X-Stub-Kept", "kept");
                    }
                    Mono<Void> answer = send(
                            response,
                            status.find()
                                    ? HttpResponseStatus.valueOf(Integer.parseInt(status.group(1)))
                                    : HttpResponseStatus.OK,
                            JSON.writeValueAsBytes(echo));
                    Matcher delay = DELAY.matcher(received.query());
                    return delay.find()
                            ? Mono.delay(Duration.ofMillis(Long.parseLong(delay.group(1))))
                                    .then(answer)
                            : answer;
                });
    }

    /** Credentials the stub refuses from now on, as {@code tenant:secret} (a password change, a rotated secret). */
    final Set<String> revoked = ConcurrentHashMap.newKeySet();

    /** The JWK set of the test OIDC issuer, served by user-service's stub at {@link #JWKS_PATH}. */
    static volatile String jwks = "{\"keys\":[]}";

    static final String JWKS_PATH = "/oidc/jwks";

    private Mono<Void> verify(Received received, HttpServerResponse response) {
        Map<?, ?> credentials = JSON.readValue(received.body(), Map.class);
        String tenant = received.tokenTenant();
        String scheme = String.valueOf(credentials.get("scheme"));
        String secret = String.valueOf(
                switch (scheme) {
                    case "api-key" -> credentials.get("apiKey");
                    case "user-token" -> credentials.get("token");
                    case "subject" -> credentials.get("subject");
                    // the stub's stamps are "stamp:" + the password, so revoking a password revokes its stamp
                    case "password-stamp" ->
                        String.valueOf(credentials.get("stamp")).replaceFirst("^stamp:", "");
                    default -> credentials.get("password");
                });
        if (revoked.contains(tenant + ":" + secret)) {
            return send(response, HttpResponseStatus.UNAUTHORIZED, "{}".getBytes());
        }
        switch (scheme) {
            case "api-key" -> {
                if ("admin@example.com".equals(credentials.get("email")) && "ak-admin-123".equals(secret)) {
                    return admin(response);
                }
                return send(response, HttpResponseStatus.UNAUTHORIZED, "{}".getBytes());
            }
            case "user-token" -> {
                if (secret.startsWith("ut-admin")) {
                    return admin(response);
                }
                return send(response, HttpResponseStatus.UNAUTHORIZED, "{}".getBytes());
            }
            case "subject" -> {
                if ("admin@example.com".equals(credentials.get("email")) || "oidc-admin".equals(secret)) {
                    return admin(response);
                }
                return send(response, HttpResponseStatus.UNAUTHORIZED, "{}".getBytes());
            }
            default -> {
                // password: user-service strips a DOMAIN\ prefix; an e-mail address works as a username
            }
        }
        String user = String.valueOf(credentials.get("username"));
        user = user.substring(user.indexOf('\\') + 1);
        if (user.equals("admin@example.com")) {
            user = "admin";
        }
        String password = secret;
        if (user.startsWith("user") && password.equals("pw")) {
            // user<N>/pw is user N: a fresh user (fresh rate-limit buckets) for every test that needs one
            return send(
                    response,
                    HttpResponseStatus.OK,
                    ("{\"userId\":" + Long.parseLong(user.substring(4)) + ",\"roles\":[\"user\"]}").getBytes());
        }
        if (user.equals("admin") && password.equals("admin")) {
            boolean stampValid = !scheme.equals("password-stamp") || "stamp:admin".equals(credentials.get("stamp"));
            if (stampValid) {
                return send(
                        response,
                        HttpResponseStatus.OK,
                        "{\"userId\":1,\"roles\":[\"admin\"],\"stamp\":\"stamp:admin\"}".getBytes());
            }
        }
        if (user.equals("tech") && password.equals("secret")) {
            return send(
                    response,
                    HttpResponseStatus.OK,
                    "{\"userId\":42,\"roles\":[\"Technician\",\"gateway\",\"superhero\"],\"name\":\"Tech\"}"
                            .getBytes());
        }
        if (user.equals("broken")) {
            return send(response, HttpResponseStatus.INTERNAL_SERVER_ERROR, "{}".getBytes());
        }
        return send(response, HttpResponseStatus.UNAUTHORIZED, "{\"error\":\"invalid credentials\"}".getBytes());
    }

    private static Mono<Void> admin(HttpServerResponse response) {
        return send(response, HttpResponseStatus.OK, "{\"userId\":1,\"roles\":[\"admin\"]}".getBytes());
    }

    private static Mono<Void> send(HttpServerResponse response, HttpResponseStatus status, byte[] body) {
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                .sendByteArray(Mono.just(body))
                .then();
    }

    private static Map<String, List<String>> headers(HttpServerRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.requestHeaders()
                .forEach(e -> headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(e.getValue()));
        return headers;
    }
}

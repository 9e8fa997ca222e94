package dev.relaydesk.notification.delivery;

import com.standardwebhooks.Webhook;
import dev.relaydesk.notification.NotificationProperties;
import dev.relaydesk.notification.webhook.WebhookUrlPolicy;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.DefaultUriBuilderFactory;
import org.springframework.web.util.UriBuilderFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * One signed HTTP attempt, per the Standard Webhooks specification: headers {@code webhook-id} (stable across retries),
 * {@code webhook-timestamp} and {@code webhook-signature}; the body is the structured CloudEvent. Non-blocking
 * (reactor-netty), with one timeout for the whole exchange, no redirects, and at most {@code responseExcerptBytes} of
 * the response read. Connections to disallowed addresses (a host that now resolves to a private address) are refused.
 */
@Component
public class WebhookSender {

    static final String USER_AGENT = "Relaydesk-Webhooks/1.0";
    static final String AUTOMATION_USER_AGENT = "Relaydesk-Automation/1.0";

    /** Headers a rule may not set: the HTTP client owns framing and the target. */
    private static final Set<String> RESTRICTED_HEADERS =
            Set.of("host", "content-length", "transfer-encoding", "connection", "content-type");

    /** Endpoint URLs expanded to {@link URI}s, kept beyond this many are forgotten. */
    static final int MAX_TARGETS = 10_000;

    private final WebClient client;
    /** The client's own URI factory (the WebClient builder's default), so a cached URI is the one it would build. */
    private final UriBuilderFactory uris = new DefaultUriBuilderFactory();
    /**
     * Each endpoint's URI, built once: {@code uri(String)} expands and parses the URL as a template on every attempt,
     * 2.6% of notification-service's CPU samples in the webhook benchmark.
     */
    private final Map<String, URI> targets = new ConcurrentHashMap<>();

    private final Duration timeout;
    private final int excerptBytes;

    WebhookSender(NotificationProperties properties, WebhookUrlPolicy policy) {
        NotificationProperties.Webhooks settings = properties.webhooks();
        this.timeout = settings.timeout();
        this.excerptBytes = settings.responseExcerptBytes();
        ConnectionProvider connections = ConnectionProvider.builder("webhooks")
                .maxConnections(1000)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(settings.timeout())
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        HttpClient http = HttpClient.create(connections)
                .followRedirect(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE))
                .responseTimeout(timeout)
                .doOnConnected(connection -> {
                    if (connection.channel().remoteAddress() instanceof InetSocketAddress remote
                            && remote.getAddress() != null
                            && !policy.allowsConnectionTo(remote.getAddress())) {
                        connection.dispose();
                        throw new IllegalStateException("address not allowed: " + remote.getAddress());
                    }
                });
        this.client = WebClient.builder()
                .uriBuilderFactory(uris)
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
    }

    Mono<AttemptResult> send(DeliveryJob job) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            long timestamp = System.currentTimeMillis() / 1000;
            String signature;
            try {
                signature = new Webhook(job.secret()).sign(job.webhookId(), timestamp, job.payload());
            } catch (Exception e) {
                return Mono.just(new AttemptResult(null, null, "cannot sign: " + e.getMessage(), 0));
            }
            URI target;
            try {
                target = target(job.url());
            } catch (IllegalArgumentException e) {
                return Mono.just(new AttemptResult(null, null, "invalid URL: " + e.getMessage(), 0));
            }
            return client.post()
                    .uri(target)
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("webhook-id", job.webhookId())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", signature)
                    .header("User-Agent", USER_AGENT)
                    .bodyValue(job.payload().getBytes(StandardCharsets.UTF_8))
                    .exchangeToMono(response -> excerpt(response, started))
                    .timeout(timeout)
                    .onErrorResume(e -> Mono.just(new AttemptResult(null, null, describe(e), elapsedMillis(started))));
        });
    }

    private URI target(String url) {
        URI uri = targets.get(url);
        if (uri == null) {
            uri = uris.expand(url);
            if (targets.size() >= MAX_TARGETS) {
                targets.clear();
            }
            targets.put(url, uri);
        }
        return uri;
    }

    /**
     * One unsigned request as an automation rule describes it (method, content type, headers, body), with the same
     * protections as a webhook delivery: the timeout, no redirects, a bounded response read and the connection-time
     * address check. The caller checks the URL with {@link WebhookUrlPolicy} first. Never fails: a missing response is
     * an {@link AttemptResult} with an error.
     */
    public Mono<AttemptResult> call(
            HttpMethod method, String url, String contentType, Map<String, String> headers, byte[] body) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            WebClient.RequestBodySpec request =
                    client.method(method).uri(url).header("User-Agent", AUTOMATION_USER_AGENT);
            if (headers != null) {
                headers.forEach((name, value) -> {
                    if (name != null && value != null && !RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                        request.headers(h -> h.set(name, value));
                    }
                });
            }
            WebClient.RequestHeadersSpec<?> ready = request;
            if (body != null && method != HttpMethod.GET) {
                request.contentType(MediaType.parseMediaType(
                        contentType == null || contentType.isBlank() ? MediaType.APPLICATION_JSON_VALUE : contentType));
                ready = request.bodyValue(body);
            }
            return ready.exchangeToMono(response -> excerpt(response, started))
                    .timeout(timeout)
                    .onErrorResume(e -> Mono.just(new AttemptResult(null, null, describe(e), elapsedMillis(started))));
        });
    }

    private Mono<AttemptResult> excerpt(ClientResponse response, long started) {
        return DataBufferUtils.join(
                        DataBufferUtils.takeUntilByteCount(response.bodyToFlux(DataBuffer.class), excerptBytes))
                .map(buffer -> {
                    try {
                        int length = Math.min(buffer.readableByteCount(), excerptBytes);
                        byte[] bytes = new byte[length];
                        buffer.read(bytes);
                        return new String(bytes, StandardCharsets.UTF_8);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty("")
                .map(body -> new AttemptResult(response.statusCode().value(), body, null, elapsedMillis(started)));
    }

    private static long elapsedMillis(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private String describe(Throwable e) {
        if (e instanceof TimeoutException) {
            return "timed out after " + timeout.toMillis() + " ms";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}

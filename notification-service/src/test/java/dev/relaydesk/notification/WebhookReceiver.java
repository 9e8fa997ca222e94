package dev.relaydesk.notification;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP endpoint on loopback that records every webhook request it gets. Each test takes its own path and may
 * script the status codes (by request number) and a delay.
 */
final class WebhookReceiver {

    record Received(
            String path,
            Map<String, String> headers,
            byte[] body,
            int answeredWith,
            long receivedAtNanos,
            long receivedAtMillis,
            String method) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static final HttpServer SERVER = start();
    private static final Map<String, List<Received>> RECEIVED = new ConcurrentHashMap<>();
    private static final Map<String, IntUnaryOperator> STATUS = new ConcurrentHashMap<>();
    private static final Map<String, Long> DELAY_MILLIS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

    private WebhookReceiver() {}

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                byte[] body = exchange.getRequestBody().readAllBytes();
                long at = System.nanoTime();
                long wallClock = System.currentTimeMillis();
                int n = COUNTS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                int status = STATUS.getOrDefault(path, i -> 200).applyAsInt(n);
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders()
                        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
                Long delay = DELAY_MILLIS.get(path);
                if (delay != null) {
                    try {
                        Thread.sleep(delay);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                RECEIVED.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
                        .add(new Received(path, headers, body, status, at, wallClock, exchange.getRequestMethod()));
                byte[] answer = ("answer " + n).getBytes();
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh endpoint URL answering 200. */
    static String newEndpoint() {
        return "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/hook/" + UUID.randomUUID();
    }

    static String pathOf(String url) {
        return java.net.URI.create(url).getPath();
    }

    /** Answers request number n (1-based) with {@code status.applyAsInt(n)}. */
    static void answer(String url, IntUnaryOperator status) {
        STATUS.put(pathOf(url), status);
    }

    static void delay(String url, long millis) {
        DELAY_MILLIS.put(pathOf(url), millis);
    }

    /** Every request the endpoint got, in arrival order. */
    static List<Received> requests(String url) {
        return List.copyOf(RECEIVED.getOrDefault(pathOf(url), List.of()));
    }

    /** The requests it answered with 2xx, in arrival order. */
    static List<Received> accepted(String url) {
        return requests(url).stream()
                .filter(r -> r.answeredWith() >= 200 && r.answeredWith() < 300)
                .toList();
    }
}

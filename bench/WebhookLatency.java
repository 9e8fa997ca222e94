import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook delivery latency (issue 7): ticket events driven through the gateway at a fixed open-loop rate, delivered by
 * notification-service to a local receiver through N subscriptions; the time from the event's commit (the CloudEvent
 * {@code time}, written in ticket-service's transaction) to the receiver's arrival, what was lost, duplicated or
 * delivered out of order. JDK only.
 *
 * <p>Usage: {@code java bench/WebhookLatency.java [--quick] [--gateway=http://127.0.0.1:8080] [--rate=200]
 * [--duration=60] [--burst-rate=1000] [--burst-duration=10] [--warmup=60] [--settle=60] [--subscriptions=10]
 * [--tickets=1000]
 * [--drain=60] [--extra-wait=60] ...} ({@code --help} lists every option).
 *
 * <p>Each event is an {@code UpdateTicket} that sets the subject of one of a pool of tickets to {@code wl-<run>-<seq>}:
 * the receiver finds the sequence number (hence the phase and the request) in the event's snapshot, and the change's
 * {@code oldValue} names the update committed just before it on that ticket, which checks the order of arrival per
 * ticket and endpoint against the order of commit.
 */
public class WebhookLatency {

    // ---------------------------------------------------------------- options

    static final class Options {
        String gateway = "http://127.0.0.1:8080";
        String user = "admin";
        String password = "admin";
        double warmupRate = -1; // default: the sustained rate
        double warmup = 60;
        double settle = 60;
        double rate = 200;
        double duration = 60;
        double burstRate = 1000;
        double burstDuration = 10;
        int subscriptions = 10;
        int tickets = 1000;
        double drain = 60;
        double extraWait = 60;
        String receiverHost = "127.0.0.1";
        int receiverPort = 0;
        // above the burst's 10,000 calls: the whole burst is offered at its rate and queued by the platform, rather
        // than partly skipped (at 5,000, 2,772-2,791 of the burst's calls were skipped in three runs on 2 cores)
        int maxInFlight = 12000;
        int warmupMaxInFlight = 64;
        int timeoutSeconds = 30;
        int verifyEvery = 1;
        double targetP50 = 30;
        double targetP99 = 200;
        String csv = null;
        String metrics = "http://127.0.0.1:8086/actuator/prometheus";
        boolean keepSubscriptions = false;
        boolean quick = false;

        static Options parse(String[] args) {
            Options o = new Options();
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    usage();
                    System.exit(0);
                }
                if (!a.startsWith("--")) {
                    die("unexpected argument " + a + " (--help lists the options)");
                }
                String name = a.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (name.equals("quick") || name.equals("keep-subscriptions")) {
                    value = "true";
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    die("option --" + name + " needs a value");
                    return o;
                }
                given.put(name, value);
            }
            if (Boolean.parseBoolean(given.getOrDefault("quick", "false"))) {
                o.quick = true;
                o.warmup = 3;
                o.rate = 20;
                o.duration = 10;
                o.burstRate = 100;
                o.burstDuration = 3;
                o.tickets = 50;
                o.drain = 30;
                o.extraWait = 15;
            }
            for (Map.Entry<String, String> e : given.entrySet()) {
                String v = e.getValue();
                switch (e.getKey()) {
                    case "quick" -> {}
                    case "gateway" -> o.gateway = v.replaceAll("/+$", "");
                    case "user" -> o.user = v;
                    case "password" -> o.password = v;
                    case "warmup" -> o.warmup = Double.parseDouble(v);
                    case "settle" -> o.settle = Double.parseDouble(v);
                    case "warmup-rate" -> o.warmupRate = Double.parseDouble(v);
                    case "rate" -> o.rate = Double.parseDouble(v);
                    case "duration" -> o.duration = Double.parseDouble(v);
                    case "burst-rate" -> o.burstRate = Double.parseDouble(v);
                    case "burst-duration" -> o.burstDuration = Double.parseDouble(v);
                    case "subscriptions" -> o.subscriptions = Integer.parseInt(v);
                    case "tickets" -> o.tickets = Integer.parseInt(v);
                    case "drain" -> o.drain = Double.parseDouble(v);
                    case "extra-wait" -> o.extraWait = Double.parseDouble(v);
                    case "receiver-host" -> o.receiverHost = v;
                    case "receiver-port" -> o.receiverPort = Integer.parseInt(v);
                    case "max-in-flight" -> o.maxInFlight = Integer.parseInt(v);
                    case "warmup-max-in-flight" -> o.warmupMaxInFlight = Integer.parseInt(v);
                    case "timeout" -> o.timeoutSeconds = Integer.parseInt(v);
                    case "verify-every" -> o.verifyEvery = Integer.parseInt(v);
                    case "target-p50" -> o.targetP50 = Double.parseDouble(v);
                    case "target-p99" -> o.targetP99 = Double.parseDouble(v);
                    case "csv" -> o.csv = v;
                    case "metrics" -> o.metrics = v.isEmpty() || v.equals("none") ? null : v;
                    case "keep-subscriptions" -> o.keepSubscriptions = Boolean.parseBoolean(v);
                    default -> die("unknown option --" + e.getKey() + " (--help lists the options)");
                }
            }
            if (o.warmupRate < 0) {
                o.warmupRate = o.rate;
            }
            if (o.subscriptions < 1 || o.tickets < 1 || o.rate <= 0 || o.burstRate < 0 || o.duration <= 0) {
                die("subscriptions, tickets, rate and duration must be positive");
            }
            return o;
        }

        static void usage() {
            System.out.println(
                    """
                    java bench/WebhookLatency.java [options]

                    Drives ticket events (UpdateTicket through the gateway, open loop at a fixed rate) and measures
                    their webhook deliveries to a local receiver: commit -> arrival latency, losses, duplicates, order.

                      --gateway=URL           gateway base URL (http://127.0.0.1:8080)
                      --user=, --password=    Basic credentials of an administrator of tenant default (admin/admin)
                      --warmup=S              warm-up seconds before the measured phases, not counted (60)
                      --warmup-rate=N         warm-up events a second (the sustained rate)
                      --settle=S              after the warm-up, wait up to S s for its deliveries before measuring (60)
                      --rate=N                sustained events a second (200)
                      --duration=S            sustained seconds (60)
                      --burst-rate=N          burst events a second (1000); 0 skips the burst
                      --burst-duration=S      burst seconds (10)
                      --subscriptions=N       webhook subscriptions, each to its own receiver path (10)
                      --tickets=N             tickets updated round-robin (1000)
                      --drain=S               after the burst, wait this long for every delivery: the target window (60)
                      --extra-wait=S          then wait up to this much longer before calling what is missing lost (60)
                      --receiver-host=H       address the receiver binds and the subscriptions name (127.0.0.1)
                      --receiver-port=N       receiver port (0: any free port)
                      --max-in-flight=N       UpdateTicket calls outstanding at most; beyond it a call is skipped and
                                              counted as not sent (12000)
                      --warmup-max-in-flight=N   the same during the warm-up (64): a cold stack then serves
                                              what it can while its JIT compiles, instead of taking thousands
                                              of calls it answers after the client gave up on them
                      --timeout=S             timeout of one UpdateTicket call (30)
                      --verify-every=N        verify the signature of every N-th delivery (1: all)
                      --target-p50=MS, --target-p99=MS   sustained-rate targets (30, 200)
                      --csv=FILE              per-second timeline (sent, accepted, deliveries, p50, p99 by arrival second)
                      --metrics=URL           notification-service's Prometheus endpoint, read before and after to split
                                              the latency (http://127.0.0.1:8086/actuator/prometheus; none: skip)
                      --keep-subscriptions    do not delete the subscriptions at the end
                      --quick                 smoke test: 3 s warm-up, 20/s for 10 s, 100/s for 3 s, 50 tickets, 30 s drain

                    Exit code: 0 when nothing was lost, 1 when deliveries were lost, 2 when the set-up failed.
                    """);
        }
    }

    static void die(String message) {
        System.err.println("webhook-latency: " + message);
        System.exit(2);
    }

    // ---------------------------------------------------------------- state

    static final class Phase {
        final String name;
        final double rate;
        final double seconds;
        final int firstSeq;
        final int count;
        long startNanos; // scheduled start
        long lastSendNanos;
        long lastResponseNanos;
        final LongAdder skipped = new LongAdder();
        final LongAdder ok = new LongAdder();
        final LongAdder failed = new LongAdder();
        final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        long maxLagNanos;

        final int maxInFlight;

        Phase(String name, double rate, double seconds, int firstSeq, int maxInFlight) {
            this.name = name;
            this.maxInFlight = maxInFlight;
            this.rate = rate;
            this.seconds = seconds;
            this.firstSeq = firstSeq;
            this.count = (int) Math.round(rate * seconds);
        }

        boolean contains(int seq) {
            return seq >= firstSeq && seq < firstSeq + count;
        }

        long scheduledEndNanos() {
            return startNanos + (long) (seconds * 1e9);
        }
    }

    static {
        // The JDK client keeps every connection it has opened (thousands, while a cold stack answers slowly and the calls
        // pile up) in an expiry list it searches on every call: 4% of this program's CPU in a profile. Idle connections
        // beyond this many are closed instead.
        System.setProperty("jdk.httpclient.connectionPoolSize", "256");
    }

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    static Options opt;
    static String auth;
    static String runId;
    static Pattern subjectPattern;
    static Pattern subjectChangePattern;
    static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]*)\"");
    static final Pattern TIME = Pattern.compile("\"time\"\\s*:\\s*\"([^\"]*)\"");
    static final Pattern TICKET_ID = Pattern.compile("\"ticketId\"\\s*:\\s*(\\d+)");
    static final Pattern ID_FIELD = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    static final Pattern SECRET_FIELD = Pattern.compile("\"secret\"\\s*:\\s*\"([^\"]*)\"");

    static Phase[] phases;
    static int totalSeq;
    static long[] ticketIds;
    static final Map<Long, Integer> ticketIndex = new HashMap<>();
    // per sequence number: the call
    static long[] sendEpochMicros;
    static long[] responseNanos; // response time of the UpdateTicket call, -1 when none
    static AtomicIntegerArray status; // HTTP status (0: no response, -1: skipped)
    // per subscription and sequence number: arrival (epoch micros) and latency (micros); MIN_VALUE: not arrived
    static AtomicLongArray[] arrival;
    static AtomicLongArray[] latency;
    static final List<Long> subscriptionIds = new ArrayList<>();
    static final List<String> subscriptionJson = new ArrayList<>();
    static volatile boolean anomalies; // lost, duplicated or out-of-order deliveries: keep the evidence
    static final List<byte[]> secrets = new ArrayList<>();
    static final List<Map<String, Boolean>> seenWebhookIds = new ArrayList<>();
    // ordering: per subscription, per ticket index, the subject of the last arrival; and its lock
    static String[][] lastSubject;
    static final LongAdder arrivals = new LongAdder();
    static final LongAdder duplicateWebhookIds = new LongAdder();
    static final LongAdder duplicateChanges = new LongAdder();
    static final LongAdder otherEvents = new LongAdder();
    static final LongAdder unexpectedArrivals = new LongAdder(); // our change, but the call did not answer 200
    static final LongAdder unparsable = new LongAdder();
    static final LongAdder orderBreaks = new LongAdder();
    static final LongAdder orderChecked = new LongAdder();
    static final LongAdder signaturesChecked = new LongAdder();
    static final LongAdder signaturesBad = new LongAdder();
    static final LongAdder receiverErrors = new LongAdder();
    static final AtomicLong deliveryCounter = new AtomicLong();
    static final ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();
    static final AtomicInteger inFlight = new AtomicInteger();
    static final AtomicInteger exampleCount = new AtomicInteger();
    static volatile long lastArrivalNanos;

    // ---------------------------------------------------------------- main

    public static void main(String[] args) throws Exception {
        opt = Options.parse(args);
        auth = "Basic " + Base64.getEncoder()
                .encodeToString((opt.user + ":" + opt.password).getBytes(StandardCharsets.UTF_8));
        runId = Long.toString(System.currentTimeMillis() / 1000 % 1_000_000_000L, 36);
        subjectPattern = Pattern.compile("\"subject\"\\s*:\\s*\"wl-" + runId + "-(\\d+)\"");
        subjectChangePattern = Pattern.compile(
                "\"field\"\\s*:\\s*\"subject\"\\s*,\\s*\"oldValue\"\\s*:\\s*(null|\"[^\"]*\")\\s*,\\s*\"newValue\"\\s*:\\s*\"([^\"]*)\"");

        int seq = 0;
        List<Phase> list = new ArrayList<>();
        if (opt.warmup > 0) {
            list.add(new Phase("warm-up", opt.warmupRate, opt.warmup, seq, opt.warmupMaxInFlight));
            seq += list.getLast().count;
        }
        list.add(new Phase("sustained", opt.rate, opt.duration, seq, opt.maxInFlight));
        seq += list.getLast().count;
        if (opt.burstRate > 0 && opt.burstDuration > 0) {
            list.add(new Phase("burst", opt.burstRate, opt.burstDuration, seq, opt.maxInFlight));
            seq += list.getLast().count;
        }
        phases = list.toArray(Phase[]::new);
        totalSeq = seq;
        sendEpochMicros = new long[totalSeq];
        responseNanos = new long[totalSeq];
        Arrays.fill(responseNanos, -1);
        status = new AtomicIntegerArray(totalSeq);
        arrival = new AtomicLongArray[opt.subscriptions];
        latency = new AtomicLongArray[opt.subscriptions];
        lastSubject = new String[opt.subscriptions][opt.tickets];
        for (int s = 0; s < opt.subscriptions; s++) {
            arrival[s] = filled(totalSeq);
            latency[s] = filled(totalSeq);
            seenWebhookIds.add(new ConcurrentHashMap<>());
        }

        System.out.printf(Locale.ROOT,
                "webhook-latency run %s: gateway %s, %d subscriptions, %d tickets; %s%n", runId, opt.gateway,
                opt.subscriptions, opt.tickets, describePhases());

        // receiver
        HttpServer server = HttpServer.create(new InetSocketAddress(opt.receiverHost, opt.receiverPort), 4096);
        ExecutorService receiverThreads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(receiverThreads);
        server.createContext("/hook/", WebhookLatency::receive);
        server.start();
        int port = server.getAddress().getPort();
        System.out.printf("receiver on http://%s:%d/hook/<n>%n", opt.receiverHost, port);

        Runtime.getRuntime().addShutdownHook(new Thread(WebhookLatency::deleteSubscriptions));
        int exit;
        try {
            setUp(port);
            exit = run();
        } finally {
            deleteSubscriptions();
            server.stop(0);
            receiverThreads.shutdownNow();
        }
        System.exit(exit);
    }

    static String describePhases() {
        StringBuilder b = new StringBuilder();
        for (Phase p : phases) {
            b.append(b.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s %s/s x %s s (%d events)",
                    p.name, num(p.rate), num(p.seconds), p.count));
        }
        return b.toString();
    }

    static AtomicLongArray filled(int n) {
        AtomicLongArray a = new AtomicLongArray(n);
        for (int i = 0; i < n; i++) {
            a.set(i, Long.MIN_VALUE);
        }
        return a;
    }

    // ---------------------------------------------------------------- set-up

    static void setUp(int port) throws Exception {
        HttpResponse<String> health = HTTP.send(
                HttpRequest.newBuilder(URI.create(opt.gateway + "/actuator/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() != 200) {
            die("gateway health answered " + health.statusCode());
        }
        HttpResponse<String> existing = call("GET", "/webhooks/subscriptions", null, null);
        if (existing.statusCode() == 200) {
            int active = count(existing.body(), "\"active\"\\s*:\\s*true");
            if (active > 0) {
                System.out.printf("NOTE: tenant default already has %d active webhook subscription(s); they are "
                        + "not this run's and may add load%n", active);
            }
        }
        long category = Long.parseLong(expect(call("POST", "/api/CreateCategory", form("name", "wl-bench-" + runId), null),
                        200, "CreateCategory")
                .trim());
        // tickets first, subscriptions after: the tickets' created events are not part of the measurement
        System.out.printf("creating category %d and %d tickets...%n", category, opt.tickets);
        ticketIds = new long[opt.tickets];
        Semaphore gate = new Semaphore(16);
        CountDownLatch done = new CountDownLatch(opt.tickets);
        AtomicInteger failures = new AtomicInteger();
        ConcurrentLinkedQueue<String> failureText = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < opt.tickets; i++) {
            int index = i;
            gate.acquire();
            sendAsync("POST", "/api/ticket", form("categoryId", Long.toString(category), "subject",
                            "wl-" + runId + "-t" + i, "body", "webhook latency benchmark ticket " + i))
                    .whenComplete((r, e) -> {
                        try {
                            if (e == null && r.statusCode() == 200) {
                                ticketIds[index] = Long.parseLong(r.body().trim());
                            } else {
                                failures.incrementAndGet();
                                failureText.add(e != null ? e.toString() : r.statusCode() + " " + r.body());
                            }
                        } finally {
                            gate.release();
                            done.countDown();
                        }
                    });
        }
        done.await();
        if (failures.get() > 0) {
            die(failures.get() + " ticket(s) not created, e.g. " + failureText.peek());
        }
        for (int i = 0; i < ticketIds.length; i++) {
            ticketIndex.put(ticketIds[i], i);
        }
        for (int s = 0; s < opt.subscriptions; s++) {
            String json = "{\"url\":\"http://" + opt.receiverHost + ":" + port + "/hook/" + s
                    + "\",\"eventTypes\":[\"ticket.*\"],\"categoryIds\":[" + category
                    + "],\"description\":\"webhook-latency bench " + runId + " #" + s + "\"}";
            String body = expect(call("POST", "/webhooks/subscriptions", json, "application/json"), 201,
                    "create subscription");
            Matcher id = ID_FIELD.matcher(body);
            Matcher secret = SECRET_FIELD.matcher(body);
            if (!id.find() || !secret.find()) {
                die("no id or secret in " + body);
            }
            subscriptionIds.add(Long.parseLong(id.group(1)));
            subscriptionJson.add(json);
            String raw = secret.group(1);
            secrets.add(Base64.getDecoder().decode(raw.startsWith("whsec_") ? raw.substring(6) : raw));
        }
        System.out.printf("subscriptions %s (event types ticket.*, category %d)%n", subscriptionIds, category);
        Thread.sleep(2000); // let the subscriptions reach every consumer and the created events drain
    }

    /**
     * Deletes this run's subscriptions (their deliveries go with them). After lost, duplicated or out-of-order
     * deliveries it only deactivates them instead, so their delivery log stays for inspection and nothing more is sent
     * to the receiver that is gone.
     */
    static synchronized void deleteSubscriptions() {
        if (opt.keepSubscriptions || subscriptionIds.isEmpty()) {
            return;
        }
        List<Long> ids = new ArrayList<>(subscriptionIds);
        List<String> bodies = new ArrayList<>(subscriptionJson);
        subscriptionIds.clear();
        int done = 0;
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            try {
                HttpResponse<String> r = anomalies
                        ? call("PUT", "/webhooks/subscriptions/" + id,
                                bodies.get(i).replaceFirst("^\\{", "{\"active\":false,"), "application/json")
                        : call("DELETE", "/webhooks/subscriptions/" + id, null, null);
                if (r.statusCode() / 100 == 2) {
                    done++;
                } else {
                    System.out.printf("subscription %d: %s answered %d %s%n", id, anomalies ? "PUT" : "DELETE",
                            r.statusCode(), r.body().substring(0, Math.min(200, r.body().length())));
                }
            } catch (Exception e) {
                System.out.printf("subscription %d: %s failed: %s%n", id, anomalies ? "PUT" : "DELETE", e);
            }
        }
        if (anomalies) {
            System.out.printf("deactivated (kept for inspection) %d of %d subscriptions %s: GET "
                    + "/webhooks/subscriptions/<id>/deliveries; delete them when done%n", done, ids.size(), ids);
        } else {
            System.out.printf("deleted %d of %d subscriptions%n", done, ids.size());
        }
    }

    static String form(String... pairs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            b.append(b.isEmpty() ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    static HttpRequest request(String method, String path, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(opt.gateway + path))
                .timeout(Duration.ofSeconds(opt.timeoutSeconds))
                .header("Authorization", auth);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType == null ? "application/x-www-form-urlencoded" : contentType)
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return b.build();
    }

    static HttpResponse<String> call(String method, String path, String body, String contentType) throws Exception {
        return HTTP.send(request(method, path, body, contentType), HttpResponse.BodyHandlers.ofString());
    }

    static java.util.concurrent.CompletableFuture<HttpResponse<String>> sendAsync(String method, String path,
            String formBody) {
        return HTTP.sendAsync(request(method, path, formBody, null), HttpResponse.BodyHandlers.ofString());
    }

    static String expect(HttpResponse<String> r, int code, String what) {
        if (r.statusCode() != code) {
            die(what + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    // ---------------------------------------------------------------- receiver

    static void receive(HttpExchange exchange) throws IOException {
        long arrivedMicros = epochMicros();
        long arrivedNanos = System.nanoTime();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        // Recorded before it is acknowledged: the key's next delivery is sent only after this answer, so the order
        // check sees deliveries in the order they were accepted. Recorded after the answer, a handler descheduled in
        // between could let the next delivery's handler record first and report it out of order.
        try {
            record(exchange, body, arrivedMicros, arrivedNanos);
        } catch (RuntimeException e) {
            receiverErrors.increment();
            example("receiver error: " + e);
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    static void record(HttpExchange exchange, byte[] bodyBytes, long arrivedMicros, long arrivedNanos) {
        arrivals.increment();
        lastArrivalNanos = arrivedNanos;
        String path = exchange.getRequestURI().getPath();
        int sub;
        try {
            sub = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        } catch (NumberFormatException e) {
            unparsable.increment();
            return;
        }
        if (sub < 0 || sub >= opt.subscriptions) {
            unparsable.increment();
            return;
        }
        String webhookId = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
        String body = new String(bodyBytes, StandardCharsets.UTF_8);
        if (opt.verifyEvery > 0 && deliveryCounter.getAndIncrement() % opt.verifyEvery == 0) {
            signaturesChecked.increment();
            if (!verify(secrets.get(sub), webhookId, timestamp, bodyBytes, signature)) {
                signaturesBad.increment();
                example("bad signature: subscription #" + sub + " webhook-id " + webhookId + " signature " + signature);
            }
        }
        if (webhookId == null || seenWebhookIds.get(sub).putIfAbsent(webhookId, Boolean.TRUE) != null) {
            duplicateWebhookIds.increment();
            example("duplicate webhook-id " + webhookId + " at subscription #" + sub);
            return;
        }
        Matcher type = TYPE.matcher(body);
        Matcher subject = subjectPattern.matcher(body);
        if (!type.find() || !type.group(1).endsWith("ticket.updated.v1") || !subject.find()) {
            otherEvents.increment();
            return;
        }
        int seq = Integer.parseInt(subject.group(1));
        Matcher time = TIME.matcher(body);
        if (seq < 0 || seq >= totalSeq || !time.find()) {
            unparsable.increment();
            return;
        }
        long eventMicros = toMicros(OffsetDateTime.parse(time.group(1)).toInstant());
        if (!arrival[sub].compareAndSet(seq, Long.MIN_VALUE, arrivedMicros)) {
            duplicateChanges.increment();
            example("change wl-" + runId + "-" + seq + " delivered again under another webhook-id " + webhookId
                    + " at subscription #" + sub);
            return;
        }
        latency[sub].set(seq, arrivedMicros - eventMicros);
        // order: the change's oldValue is the subject committed just before it on this ticket
        Matcher ticket = TICKET_ID.matcher(body);
        Matcher change = subjectChangePattern.matcher(body);
        if (ticket.find() && change.find()) {
            Integer index = ticketIndex.get(Long.parseLong(ticket.group(1)));
            if (index != null) {
                String old = change.group(1).equals("null") ? null : change.group(1).replace("\"", "");
                String[] last = lastSubject[sub];
                synchronized (last) {
                    String previous = last[index];
                    if (previous != null) {
                        orderChecked.increment();
                        if (!previous.equals(old)) {
                            orderBreaks.increment();
                            example("order: subscription #" + sub + " ticket " + ticket.group(1) + " got "
                                    + change.group(2) + " (committed after " + old + ") right after " + previous);
                        }
                    }
                    last[index] = change.group(2);
                }
            }
        }
    }

    static void example(String text) {
        if (exampleCount.incrementAndGet() <= 20) {
            examples.add(text);
        }
    }

    static boolean verify(byte[] key, String id, String timestamp, byte[] body, String header) {
        if (id == null || timestamp == null || header == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            for (String candidate : header.trim().split(" ")) {
                if (candidate.startsWith("v1,")
                        && MessageDigest.isEqual(expected, Base64.getDecoder().decode(candidate.substring(3)))) {
                    return true;
                }
            }
        } catch (Exception e) {
            return false;
        }
        return false;
    }

    static long epochMicros() {
        return toMicros(Instant.now());
    }

    static long toMicros(Instant i) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, i);
    }

    // ---------------------------------------------------------------- load

    static int run() throws Exception {
        Map<String, Double> metricsBefore = scrape();
        long t0 = System.nanoTime();
        Thread progress = Thread.ofPlatform().daemon().start(() -> progress(t0));
        long start = t0;
        for (Phase p : phases) {
            p.startNanos = start;
            drive(p);
            start = p.scheduledEndNanos();
            if (p.name.equals("warm-up") && opt.settle > 0) {
                start = settle(p);
            }
        }
        Phase last = phases[phases.length - 1];
        long sendEnd = Math.max(last.scheduledEndNanos(), last.lastSendNanos);
        System.out.printf(Locale.ROOT, "sending done after %.1f s; waiting up to %s s for the deliveries...%n",
                (System.nanoTime() - t0) / 1e9, num(opt.drain));
        long drainDeadline = sendEnd + (long) (opt.drain * 1e9);
        long finalDeadline = drainDeadline + (long) (opt.extraWait * 1e9);
        boolean completeInWindow = waitForDeliveries(drainDeadline);
        if (!completeInWindow && opt.extraWait > 0) {
            System.out.printf("not everything arrived within %s s: waiting up to %s s more before calling it lost%n",
                    num(opt.drain), num(opt.extraWait));
            waitForDeliveries(finalDeadline);
        }
        Thread.sleep(300); // deliveries in progress
        progress.interrupt();
        int exit = report(t0, sendEnd);
        reportMetrics(metricsBefore, scrape());
        return exit;
    }

    /**
     * After the warm-up: waits (up to {@code --settle} seconds) until every warm-up event has reached every
     * subscription, so that the measured phases start from a drained pipeline rather than inherit the warm-up's backlog
     * (on 2 cores a freshly started stack is still compiling during its first minute). Returns when the next phase
     * starts.
     */
    static long settle(Phase warmUp) throws InterruptedException {
        long from = System.nanoTime();
        long deadline = Math.max(warmUp.scheduledEndNanos(), from) + (long) (opt.settle * 1e9);
        boolean drained = waitForDeliveries(deadline);
        long now = System.nanoTime();
        System.out.printf(Locale.ROOT, "warm-up %s %.1f s after its end%s%n",
                drained ? "fully delivered" : "NOT fully delivered",
                (now - warmUp.scheduledEndNanos()) / 1e9,
                drained ? "; the measured phases start now" : " (" + missing() + " deliveries awaited); going on");
        return now;
    }

    static void drive(Phase p) {
        double interval = 1e9 / p.rate;
        for (int i = 0; i < p.count; i++) {
            int seq = p.firstSeq + i;
            long due = p.startNanos + (long) (i * interval);
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            p.maxLagNanos = Math.max(p.maxLagNanos, now - due);
            if (inFlight.get() >= p.maxInFlight) {
                p.skipped.increment();
                status.set(seq, -1);
                continue;
            }
            inFlight.incrementAndGet();
            long ticket = ticketIds[seq % ticketIds.length];
            long sentNanos = System.nanoTime();
            sendEpochMicros[seq] = epochMicros();
            sendAsync("POST", "/api/UpdateTicket", form("id", Long.toString(ticket), "subject", "wl-" + runId + "-" + seq))
                    .whenComplete((r, e) -> {
                        long end = System.nanoTime();
                        inFlight.decrementAndGet();
                        responseNanos[seq] = end - sentNanos;
                        String outcome;
                        if (e != null) {
                            Throwable cause = e.getCause() != null ? e.getCause() : e;
                            outcome = cause.getClass().getSimpleName();
                            p.failed.increment();
                        } else {
                            status.set(seq, r.statusCode());
                            outcome = Integer.toString(r.statusCode());
                            if (r.statusCode() == 200) {
                                p.ok.increment();
                            } else {
                                p.failed.increment();
                                example("UpdateTicket answered " + r.statusCode() + ": "
                                        + r.body().substring(0, Math.min(200, r.body().length())));
                            }
                        }
                        p.outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                        synchronized (p) {
                            p.lastResponseNanos = Math.max(p.lastResponseNanos, end);
                        }
                    });
            p.lastSendNanos = System.nanoTime();
        }
    }

    /** True when every call has answered and every accepted event has reached every subscription by the deadline. */
    static boolean waitForDeliveries(long deadlineNanos) throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            if (inFlight.get() == 0 && missing() == 0) {
                return true;
            }
            Thread.sleep(100);
        }
        return inFlight.get() == 0 && missing() == 0;
    }

    static long missing() {
        long missing = 0;
        for (int seq = 0; seq < totalSeq; seq++) {
            if (status.get(seq) == 200) {
                for (int s = 0; s < opt.subscriptions; s++) {
                    if (arrival[s].get(seq) == Long.MIN_VALUE) {
                        missing++;
                    }
                }
            }
        }
        return missing;
    }

    static void progress(long t0) {
        try {
            while (true) {
                Thread.sleep(5000);
                long ok = 0, sent = 0;
                for (Phase p : phases) {
                    ok += p.ok.sum();
                    sent += p.ok.sum() + p.failed.sum();
                }
                System.out.printf(Locale.ROOT,
                        "  t=%5.1fs answered %d (200: %d), in flight %d, deliveries %d, awaited %d, load %s%n",
                        (System.nanoTime() - t0) / 1e9, sent, ok, inFlight.get(), arrivals.sum(),
                        ok * opt.subscriptions - (arrivals.sum() - otherEvents.sum() - duplicateWebhookIds.sum()),
                        loadAverage());
            }
        } catch (InterruptedException e) {
            // done
        }
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    // ---------------------------------------------------------------- report

    static int report(long t0, long sendEnd) throws IOException {
        System.out.println();
        System.out.printf("load average at the end: %s (%d cores)%n", loadAverage(),
                Runtime.getRuntime().availableProcessors());
        System.out.println("UpdateTicket calls (through the gateway, open loop):");
        System.out.printf("%-10s %9s %9s %9s %9s %9s %10s %10s %9s %9s  %s%n", "phase", "offered/s", "scheduled",
                "skipped", "200", "failed", "sent/s", "200 /s", "call p50", "call p99", "outcomes");
        for (Phase p : phases) {
            double sendSpan = Math.max(1e-9, (p.lastSendNanos - p.startNanos) / 1e9 + 1 / p.rate);
            double answerSpan = Math.max(1e-9, (p.lastResponseNanos - p.startNanos) / 1e9);
            long sent = p.count - p.skipped.sum();
            long[] calls = new long[p.count];
            int n = 0;
            for (int seq = p.firstSeq; seq < p.firstSeq + p.count; seq++) {
                if (responseNanos[seq] >= 0) {
                    calls[n++] = responseNanos[seq] / 1000;
                }
            }
            long[] c = Arrays.copyOf(calls, n);
            Arrays.sort(c);
            System.out.printf(Locale.ROOT, "%-10s %9s %9d %9d %9d %9d %10.1f %10.1f %9s %9s  %s (max send lag %.1f ms)%n",
                    p.name, num(p.rate), p.count, p.skipped.sum(), p.ok.sum(), p.failed.sum(), sent / sendSpan,
                    p.ok.sum() / answerSpan, ms(pct(c, 50)), ms(pct(c, 99)), p.outcomes, p.maxLagNanos / 1e6);
        }
        System.out.println("  (sent/s: calls sent over the phase's sending time; 200 /s: calls answered 200 over the "
                + "time from the phase's start to its last answer)");

        System.out.println();
        System.out.printf("Webhook deliveries (%d subscriptions; latency = arrival at the receiver - CloudEvent time):%n",
                opt.subscriptions);
        System.out.printf("%-10s %9s %9s %9s %9s %9s %9s %9s %9s %12s%n", "phase", "events", "expected", "received",
                "lost", "p50 ms", "p95 ms", "p99 ms", "max ms", "last arrival");
        long totalLost = 0;
        Map<String, long[]> byPhase = new HashMap<>();
        Map<String, Long> lastAfterEnd = new HashMap<>();
        for (int seq = 0; seq < totalSeq; seq++) {
            if (status.get(seq) != 200) {
                for (int s = 0; s < opt.subscriptions; s++) {
                    if (arrival[s].get(seq) != Long.MIN_VALUE) {
                        unexpectedArrivals.increment(); // the call failed or timed out, yet the change committed
                    }
                }
            }
        }
        for (Phase p : phases) {
            long events = p.ok.sum();
            long expected = events * opt.subscriptions;
            long[] values = new long[(int) expected];
            int n = 0;
            long lost = 0;
            long lastArrival = Long.MIN_VALUE;
            for (int seq = p.firstSeq; seq < p.firstSeq + p.count; seq++) {
                if (status.get(seq) != 200) {
                    continue;
                }
                for (int s = 0; s < opt.subscriptions; s++) {
                    long a = arrival[s].get(seq);
                    if (a == Long.MIN_VALUE) {
                        lost++;
                        if (lost <= 3) {
                            example("lost: " + p.name + " change wl-" + runId + "-" + seq + " (ticket "
                                    + ticketIds[seq % ticketIds.length] + ") at subscription #" + s);
                        }
                    } else {
                        values[n++] = latency[s].get(seq);
                        lastArrival = Math.max(lastArrival, a);
                    }
                }
            }
            totalLost += lost;
            long[] v = Arrays.copyOf(values, n);
            Arrays.sort(v);
            byPhase.put(p.name, v);
            // the phase's end in epoch micros: its last send (nanoTime) mapped onto the wall clock
            long endMicros = epochMicros() - (System.nanoTime() - Math.max(p.lastSendNanos, p.scheduledEndNanos())) / 1000;
            String after = "-";
            if (lastArrival != Long.MIN_VALUE) {
                lastAfterEnd.put(p.name, lastArrival - endMicros);
                after = String.format(Locale.ROOT, "%+.2f s", (lastArrival - endMicros) / 1e6);
            }
            System.out.printf(Locale.ROOT, "%-10s %9d %9d %9d %9d %9s %9s %9s %9s %12s%n", p.name, events, expected, n,
                    lost, ms(pct(v, 50)), ms(pct(v, 95)), ms(pct(v, 99)), ms(v.length == 0 ? -1 : v[v.length - 1]),
                    after);
        }
        System.out.println("  (last arrival: when the phase's last delivery arrived, relative to the end of its sending)");
        System.out.printf(
                "duplicates (same webhook-id twice at one subscription): %d; same change under another webhook-id: %d%n",
                duplicateWebhookIds.sum(), duplicateChanges.sum());
        System.out.printf("order per ticket and subscription (arrival vs commit order): %d of %d checked arrivals out of "
                + "order%n", orderBreaks.sum(), orderChecked.sum());
        System.out.printf("signatures verified: %d, bad: %d; other events (not this run's updates): %d; "
                        + "deliveries of calls that did not answer 200: %d; unparsable: %d; receiver errors: %d%n",
                signaturesChecked.sum(), signaturesBad.sum(), otherEvents.sum(), unexpectedArrivals.sum(),
                unparsable.sum(), receiverErrors.sum());

        System.out.println();
        System.out.println("Targets:");
        long[] sustained = byPhase.get("sustained");
        Phase sustainedPhase = phaseNamed("sustained");
        System.out.printf(Locale.ROOT, "  sustained p50 %s ms <= %s ms: %s%n", ms(pct(sustained, 50)), num(opt.targetP50),
                verdict(sustained.length > 0 && pct(sustained, 50) / 1000.0 <= opt.targetP50));
        System.out.printf(Locale.ROOT, "  sustained p99 %s ms <= %s ms: %s%n", ms(pct(sustained, 99)), num(opt.targetP99),
                verdict(sustained.length > 0 && pct(sustained, 99) / 1000.0 <= opt.targetP99));
        Phase burst = phaseNamed("burst");
        if (burst != null) {
            long[] b = byPhase.get("burst");
            long lostBurst = burst.ok.sum() * opt.subscriptions - b.length;
            Long after = lastAfterEnd.get("burst");
            boolean met = lostBurst == 0 && after != null && after <= opt.drain * 1e6;
            System.out.printf(Locale.ROOT, "  burst fully delivered within %s s of its end (last arrival %s, %d missing): %s%n",
                    num(opt.drain), after == null ? "-" : String.format(Locale.ROOT, "%+.2f s", after / 1e6), lostBurst,
                    verdict(met));
            noteKeepingUp(burst);
        }
        noteKeepingUp(sustainedPhase);
        System.out.printf("  nothing lost: %s (%d lost)%n", verdict(totalLost == 0), totalLost);
        if (!examples.isEmpty()) {
            System.out.println();
            System.out.println("Examples:");
            examples.forEach(e -> System.out.println("  " + e));
        }
        if (opt.csv != null) {
            writeTimeline(t0);
        }
        anomalies = totalLost > 0 || duplicateWebhookIds.sum() > 0 || duplicateChanges.sum() > 0
                || orderBreaks.sum() > 0;
        return totalLost > 0 ? 1 : 0;
    }

    // ---------------------------------------------------------------- notification-service's own view

    static final String DELIVERY_LATENCY = "relaydesk_webhook_delivery_latency_seconds";
    static final String ATTEMPT_DURATION = "relaydesk_webhook_attempt_duration_seconds";

    /** The webhook series of notification-service's Prometheus endpoint (name{labels} -> value), empty if unreachable. */
    static Map<String, Double> scrape() {
        Map<String, Double> values = new HashMap<>();
        if (opt.metrics == null) {
            return values;
        }
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(opt.metrics))
                            .timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return values;
            }
            for (String line : r.body().split("\n")) {
                if (line.startsWith("relaydesk_webhook_") || line.startsWith("relaydesk_inbox_events_total")) {
                    int space = line.lastIndexOf(' ');
                    values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                }
            }
        } catch (Exception e) {
            // not reachable: no split
        }
        return values;
    }

    static void reportMetrics(Map<String, Double> before, Map<String, Double> after) {
        if (after.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("notification-service's own timers over the run (from " + opt.metrics
                + "; histogram buckets, so quantiles are bucket upper bounds):");
        for (String[] timer : new String[][] {
            {DELIVERY_LATENCY, "event consumed -> delivered"}, {ATTEMPT_DURATION, "one HTTP attempt"}
        }) {
            double count = delta(before, after, timer[0] + "_count");
            double sum = delta(before, after, timer[0] + "_sum");
            if (count <= 0) {
                continue;
            }
            List<double[]> buckets = new ArrayList<>(); // [le, cumulative count]
            for (Map.Entry<String, Double> e : after.entrySet()) {
                if (e.getKey().startsWith(timer[0] + "_bucket")) {
                    Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(e.getKey());
                    if (le.find()) {
                        double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
                        buckets.add(new double[] {bound, e.getValue() - before.getOrDefault(e.getKey(), 0.0)});
                    }
                }
            }
            buckets.sort((a, b) -> Double.compare(a[0], b[0]));
            System.out.printf(Locale.ROOT, "  %-28s count %.0f, mean %.1f ms, p50 <= %s ms, p99 <= %s ms%n", timer[1],
                    count, sum / count * 1000, bucketQuantile(buckets, count, 0.50), bucketQuantile(buckets, count, 0.99));
        }
        System.out.printf(Locale.ROOT, "  (commit -> consumed by notification-service is the rest of the receiver's "
                + "latency: outbox relay, Kafka, consumer; delivery failures: %.0f retrying, %.0f failed)%n",
                deltaMatching(before, after, "relaydesk_webhook_deliveries_total", "outcome=\"retrying\""),
                deltaMatching(before, after, "relaydesk_webhook_deliveries_total", "outcome=\"failed\""));
    }

    static String bucketQuantile(List<double[]> buckets, double count, double q) {
        for (double[] b : buckets) {
            if (b[1] >= q * count) {
                return Double.isInfinite(b[0]) ? "inf" : String.format(Locale.ROOT, "%.1f", b[0] * 1000);
            }
        }
        return "?";
    }

    static double delta(Map<String, Double> before, Map<String, Double> after, String prefix) {
        return deltaMatching(before, after, prefix, "");
    }

    static double deltaMatching(Map<String, Double> before, Map<String, Double> after, String prefix, String label) {
        double d = 0;
        for (Map.Entry<String, Double> e : after.entrySet()) {
            String name = e.getKey();
            int brace = name.indexOf('{');
            String base = brace < 0 ? name : name.substring(0, brace);
            if (base.equals(prefix) && name.contains(label)) {
                d += e.getValue() - before.getOrDefault(name, 0.0);
            }
        }
        return d;
    }

    /** Says so when the gateway + ticket-service did not take the phase's rate: skipped, failed or trailing calls. */
    static void noteKeepingUp(Phase p) {
        double sendSpan = Math.max(1e-9, (p.lastSendNanos - p.startNanos) / 1e9 + 1 / p.rate);
        double sent = (p.count - p.skipped.sum()) / sendSpan;
        double trailing = (p.lastResponseNanos - p.scheduledEndNanos()) / 1e9;
        if (p.ok.sum() < p.count * 0.99 || sent < p.rate * 0.95 || trailing > 1) {
            System.out.printf(Locale.ROOT, "  NOTE: %s offered %s/s for %s s: %d of %d calls answered 200 (%d skipped at "
                            + "the in-flight limit, %d failed), sent at %.0f/s, the last answer %.1f s after the "
                            + "phase's end, %.0f answered 200 a second from its start to the last answer: the gateway + "
                            + "ticket-service did not keep up with that rate here%n",
                    p.name, num(p.rate), num(p.seconds), p.ok.sum(), p.count, p.skipped.sum(), p.failed.sum(), sent,
                    trailing, p.ok.sum() / Math.max(1e-9, (p.lastResponseNanos - p.startNanos) / 1e9));
        }
    }

    static Phase phaseNamed(String name) {
        for (Phase p : phases) {
            if (p.name.equals(name)) {
                return p;
            }
        }
        return null;
    }

    static void writeTimeline(long t0) throws IOException {
        long t0Micros = epochMicros() - (System.nanoTime() - t0) / 1000;
        Map<Integer, long[]> sent = new HashMap<>(); // second -> [sent, ok]
        Map<Integer, List<Long>> arrivedBySecond = new HashMap<>();
        int maxSecond = 0;
        for (int seq = 0; seq < totalSeq; seq++) {
            if (status.get(seq) == -1 || sendEpochMicros[seq] == 0) {
                continue;
            }
            int second = (int) ((sendEpochMicros[seq] - t0Micros) / 1_000_000);
            long[] c = sent.computeIfAbsent(second, k -> new long[2]);
            c[0]++;
            if (status.get(seq) == 200) {
                c[1]++;
            }
            maxSecond = Math.max(maxSecond, second);
            for (int s = 0; s < opt.subscriptions; s++) {
                long a = arrival[s].get(seq);
                if (a != Long.MIN_VALUE) {
                    int as = (int) ((a - t0Micros) / 1_000_000);
                    arrivedBySecond.computeIfAbsent(as, k -> new ArrayList<>()).add(latency[s].get(seq));
                    maxSecond = Math.max(maxSecond, as);
                }
            }
        }
        Path file = Path.of(opt.csv);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println("second,sent,accepted,deliveries,p50_ms,p99_ms,max_ms");
            for (int sec = 0; sec <= maxSecond; sec++) {
                long[] c = sent.getOrDefault(sec, new long[2]);
                long[] v = arrivedBySecond.getOrDefault(sec, List.of()).stream().mapToLong(Long::longValue).sorted()
                        .toArray();
                w.printf(Locale.ROOT, "%d,%d,%d,%d,%s,%s,%s%n", sec, c[0], c[1], v.length, ms(pct(v, 50)),
                        ms(pct(v, 99)), ms(v.length == 0 ? -1 : v[v.length - 1]));
            }
        }
        System.out.println("timeline: " + file);
    }

    static long pct(long[] sorted, double p) {
        if (sorted == null || sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String ms(long micros) {
        return micros == -1 ? "-" : String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }
}

package dev.relaydesk.notification.delivery;

import dev.relaydesk.notification.NotificationProperties;
import dev.relaydesk.platform.background.BackgroundLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends claimed deliveries. Each subscription has its own lane with a bounded number of requests in flight and a
 * bounded waiting line, so a slow or failing endpoint only ever occupies its own lane; fresh deliveries are handed in
 * directly by the event consumer (no polling on the hot path), and a background poll picks up due retries and work
 * whose lease expired (a replica that died) or that did not fit into a full lane.
 */
@Component
class WebhookDispatcher extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final DeliveryQueue queue;
    private final WebhookSender sender;
    private final NotificationProperties.Webhooks settings;
    private final MeterRegistry meters;
    private final Map<Long, Lane> lanes = new ConcurrentHashMap<>();
    private final CompletionWriter completions;
    /** Notified whenever a request finishes or the completion writer goes idle; {@link #stop()} waits on it. */
    private final Object quiet = new Object();

    private volatile boolean stopping;
    private volatile long nextRenewalNanos;
    private volatile long nextDepthNanos;
    private final MultiGauge queueDepth;
    private final ConcurrentLinkedQueue<DeliveryJob> toRelease = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean releasing = new AtomicBoolean();
    private final Counter delivered;
    private final Counter retrying;
    private final Counter failed;
    private final Timer attemptDuration;
    private final Timer deliveryLatency;

    WebhookDispatcher(
            DeliveryQueue queue, WebhookSender sender, NotificationProperties properties, MeterRegistry meters) {
        this.queue = queue;
        this.sender = sender;
        this.settings = properties.webhooks();
        this.meters = meters;
        this.completions = new CompletionWriter(queue, this::submit, this::wakeUp);
        this.delivered = outcome("delivered");
        this.retrying = outcome("retrying");
        this.failed = outcome("failed");
        this.attemptDuration = Timer.builder("relaydesk.webhook.attempt.duration")
                .description("Duration of one HTTP attempt to a webhook endpoint")
                .publishPercentileHistogram()
                .register(meters);
        this.queueDepth = MultiGauge.builder("relaydesk.webhook.queue.depth")
                .description("Deliveries waiting in the database for one endpoint: fresh, being sent or due for a"
                        + " retry (read from the database: every replica reports the same figure)")
                .register(meters);
        this.deliveryLatency = Timer.builder("relaydesk.webhook.delivery.latency")
                .description("From the event's arrival in notification-service to its successful delivery")
                .publishPercentileHistogram()
                .register(meters);
    }

    private Counter outcome(String outcome) {
        return Counter.builder("relaydesk.webhook.deliveries")
                .description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }

    /** Sends these claimed deliveries as soon as their endpoints' lanes allow. */
    void submit(List<DeliveryJob> jobs) {
        jobs.forEach(this::submit);
    }

    void submit(DeliveryJob job) {
        if (stopping) {
            return; // its lease is given back when the dispatcher stops
        }
        lanes.computeIfAbsent(
                        job.subscriptionId(), id -> newLane(id, job.tenant().value()))
                .offer(job);
    }

    private Lane newLane(long subscriptionId, String tenant) {
        Lane lane = new Lane(subscriptionId, tenant);
        Gauge.builder("relaydesk.webhook.lane.held", lane, Lane::depth)
                .description("Deliveries this replica holds in memory for one endpoint: in flight and waiting")
                .tag("subscription", Long.toString(subscriptionId))
                .register(meters);
        return lane;
    }

    /** Most polls in a row, within one tick, while each claims a full batch (a backlog drains without the timer). */
    static final int MAX_ROUNDS_PER_TICK = 20;

    @Override
    protected Flux<?> loop() {
        return Flux.interval(settings.pollInterval(), settings.pollInterval())
                .onBackpressureDrop()
                .concatMap(tick -> renewLeases()
                        .then(readQueueDepth())
                        .then(drain(this::pollOnce, settings.pollBatch(), MAX_ROUNDS_PER_TICK))
                        .onErrorResume(e -> {
                            log.warn("Webhook retry poll failed: {}", e.toString());
                            return Mono.empty();
                        }));
    }

    /** One claim of due work, handed to the lanes; emits how many deliveries it claimed. */
    private Mono<Long> pollOnce() {
        if (stopping) {
            return Mono.just(0L);
        }
        return queue.claimDue(busySubscriptions()).doOnNext(this::submit).count();
    }

    /**
     * Polls until a poll claims less than a full batch (there is no more due work this replica has room for), at most
     * {@code maxRounds} times; emits the number of polls.
     */
    static Mono<Integer> drain(Supplier<Mono<Long>> poll, int batch, int maxRounds) {
        return Mono.defer(poll)
                .flatMap(claimed -> claimed >= batch && maxRounds > 1
                        ? drain(poll, batch, maxRounds - 1).map(rounds -> rounds + 1)
                        : Mono.just(1));
    }

    /**
     * Extends the leases of the deliveries this replica holds in memory (waiting in a lane or in flight), every quarter
     * lease. Without it, a delivery waiting longer than its lease behind a slow endpoint was claimed a second time by
     * the poller (it is still the oldest pending delivery of its key), so two copies of one delivery were held at once,
     * and once one of them was recorded the key's next delivery went out while the other copy was still to be sent.
     */
    private Mono<Void> renewLeases() {
        long now = System.nanoTime();
        if (now - nextRenewalNanos < 0) {
            return Mono.empty();
        }
        nextRenewalNanos = now + settings.lease().dividedBy(4).toNanos();
        List<DeliveryJob> held =
                lanes.values().stream().flatMap(lane -> lane.held().stream()).toList();
        return held.isEmpty() ? Mono.empty() : queue.renew(held);
    }

    /**
     * Reads every endpoint's queue depth from the database, every {@code queue-depth-interval}. The lanes only know
     * what this replica holds in memory; a failing endpoint's retries and a backlog beyond a full lane wait in the
     * database, and that is the depth an operator needs to see. An endpoint this replica has sent to reads 0 when
     * nothing of it is queued; others appear once something is queued for them.
     */
    private Mono<Void> readQueueDepth() {
        long now = System.nanoTime();
        if (now - nextDepthNanos < 0) {
            return Mono.empty();
        }
        nextDepthNanos = now + settings.queueDepthInterval().toNanos();
        return queue.depths()
                .collectMap(DeliveryQueue.Depth::subscriptionId)
                .doOnNext(depths -> {
                    Map<Long, DeliveryQueue.Depth> all = new HashMap<>(depths);
                    lanes.values()
                            .forEach(lane -> all.putIfAbsent(
                                    lane.subscriptionId, new DeliveryQueue.Depth(lane.subscriptionId, lane.tenant, 0)));
                    queueDepth.register(
                            all.values().stream()
                                    .map(depth -> MultiGauge.Row.of(
                                            Tags.of(
                                                    "subscription",
                                                    Long.toString(depth.subscriptionId()),
                                                    "tenant",
                                                    depth.tenant()),
                                            depth.deliveries()))
                                    .toList(),
                            true);
                })
                .then()
                .onErrorResume(e -> {
                    log.warn("Cannot read the webhook queue depth: {}", e.toString());
                    return Mono.empty();
                });
    }

    /** Starts before and stops after the Kafka listeners, whose fresh deliveries it sends. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    @Override
    public void start() {
        stopping = false;
        super.start();
    }

    /**
     * Stops claiming and sending, lets the requests in flight finish and their outcomes be written, then gives every
     * lease this replica still holds back, so another replica (or this one restarted) sends the rest at once and
     * nothing that was delivered is sent twice.
     */
    @Override
    public void stop() {
        stopping = true;
        super.stop();
        long deadline = System.nanoTime() + settings.timeout().plusSeconds(5).toNanos();
        synchronized (quiet) {
            long left;
            while ((left = deadline - System.nanoTime()) > 0
                    && (lanes.values().stream().anyMatch(lane -> lane.inFlight() > 0) || !completions.idle())) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(quiet, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        try {
            queue.releaseAll().block(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.warn("Cannot release webhook leases at shutdown: {}", e.toString());
        }
    }

    /**
     * Gives a claimed delivery that found its lane full back to the database. Releases are batched like completions
     * (one statement for all that collected while the previous one ran): a poll that overfills a lane hands back up to
     * a whole batch, and a statement per delivery would take every database connection for a while.
     */
    private void releaseLater(DeliveryJob job) {
        toRelease.add(job);
        flushReleases();
    }

    private void flushReleases() {
        if (toRelease.isEmpty() || !releasing.compareAndSet(false, true)) {
            return;
        }
        List<DeliveryJob> jobs = new ArrayList<>();
        DeliveryJob job;
        while ((job = toRelease.poll()) != null) {
            jobs.add(job);
        }
        queue.release(jobs)
                .doOnError(e -> log.warn(
                        "Cannot release {} webhook deliveries; their leases expire and they are sent then: {}",
                        jobs.size(),
                        e.toString()))
                .onErrorComplete()
                .doFinally(signal -> {
                    releasing.set(false);
                    flushReleases();
                })
                .subscribe();
    }

    private void wakeUp() {
        synchronized (quiet) {
            quiet.notifyAll();
        }
    }

    /**
     * The subscriptions a poll must skip: those whose lane has no room for a whole batch. A lane that took part of a
     * batch handed the rest back, and the poll went on claiming, round after round: each claim held row locks for
     * its duration, which the completions (claiming each key's next delivery) then waited for, so after a burst the
     * endpoints got 500 deliveries every three seconds instead of thousands a second.
     */
    private List<Long> busySubscriptions() {
        int busyAt = Math.max(1, settings.maxQueuedPerEndpoint() - settings.pollBatch());
        return lanes.values().stream()
                .filter(lane -> lane.depth() >= busyAt)
                .map(lane -> lane.subscriptionId)
                .toList();
    }

    /**
     * One attempt. The lane's slot is held only for the HTTP exchange: recording the outcome (and claiming the key's
     * next delivery) happens after the slot is free, so a slow database never throttles an endpoint's requests.
     */
    private void send(Lane lane, DeliveryJob job) {
        Mono<List<DeliveryJob>> done;
        if (job.url() == null) {
            lane.finished(job);
            done = queue.abandon(job, "subscription is not active");
        } else {
            done = sender.send(job).doFinally(signal -> lane.finished(job)).flatMap(result -> {
                attemptDuration.record(result.latencyMs(), TimeUnit.MILLISECONDS);
                if (!result.succeeded()) {
                    log.info(
                            "Webhook delivery {} attempt {} to subscription {} failed: {} {} in {} ms",
                            job.deliveryId(),
                            job.attempts() + 1,
                            job.subscriptionId(),
                            result.statusCode(),
                            result.error() == null ? "" : result.error(),
                            result.latencyMs());
                }
                if (result.succeeded()) {
                    count(job, result);
                    completions.add(job, result);
                    return Mono.<List<DeliveryJob>>empty();
                }
                return queue.complete(job, result).doOnSuccess(next -> count(job, result));
            });
        }
        done.subscribe(
                this::submit,
                e -> log.warn(
                        "Webhook delivery {} could not be recorded; its lease will expire and it is retried: {}",
                        job.deliveryId(),
                        e.toString()));
    }

    private void count(DeliveryJob job, AttemptResult result) {
        if (result.succeeded()) {
            delivered.increment();
            if (job.createdAt() != null) {
                deliveryLatency.record(Duration.between(job.createdAt(), Instant.now()));
            }
        } else if (job.attempts() + 1 <= settings.retrySchedule().size()) {
            retrying.increment();
        } else {
            failed.increment();
        }
    }

    /** One endpoint's share of this replica: bounded concurrency, bounded waiting line. */
    private final class Lane {

        private final long subscriptionId;
        private final String tenant;
        private final ArrayDeque<DeliveryJob> waiting = new ArrayDeque<>();
        /** The deliveries this lane holds (waiting or in flight), by id: each is sent by one copy only. */
        private final Map<Long, DeliveryJob> held = new HashMap<>();

        private int inFlight;

        Lane(long subscriptionId, String tenant) {
            this.subscriptionId = subscriptionId;
            this.tenant = tenant;
        }

        void offer(DeliveryJob job) {
            boolean start = false;
            boolean release = false;
            synchronized (this) {
                if (held.containsKey(job.deliveryId())) {
                    // claimed again while this lane still holds it: the held copy sends it, and releasing would take
                    // away the lease that copy relies on
                    return;
                }
                if (inFlight < settings.maxConcurrencyPerEndpoint()) {
                    inFlight++;
                    held.put(job.deliveryId(), job);
                    start = true;
                } else if (waiting.size() < settings.maxQueuedPerEndpoint()) {
                    waiting.add(job);
                    held.put(job.deliveryId(), job);
                } else {
                    release = true;
                }
            }
            if (start) {
                send(this, job);
            } else if (release) {
                releaseLater(job);
            }
        }

        void finished(DeliveryJob done) {
            DeliveryJob next;
            synchronized (this) {
                held.remove(done.deliveryId());
                next = stopping ? null : waiting.poll();
                if (next == null) {
                    inFlight--;
                }
            }
            if (next != null) {
                send(this, next);
            } else {
                wakeUp();
            }
        }

        synchronized List<DeliveryJob> held() {
            return List.copyOf(held.values());
        }

        synchronized int inFlight() {
            return inFlight;
        }

        synchronized int depth() {
            return inFlight + waiting.size();
        }
    }
}

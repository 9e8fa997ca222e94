package dev.relaydesk.notification.delivery;

import dev.relaydesk.contract.TenantId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * Records successful attempts with natural batching: while one write is in flight, further successes collect and go
 * in the next write, one statement per tenant. An idle service writes each success at once; a busy one writes many
 * per transaction, so the database keeps up with hundreds of deliveries a second.
 */
final class CompletionWriter {

    private static final Logger log = LoggerFactory.getLogger(CompletionWriter.class);
    private static final int MAX_BATCH = 500;

    private final DeliveryQueue queue;
    private final Consumer<List<DeliveryJob>> next;
    private final ConcurrentLinkedQueue<DeliveryQueue.Success> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final Runnable onIdle;

    CompletionWriter(DeliveryQueue queue, Consumer<List<DeliveryJob>> next, Runnable onIdle) {
        this.queue = queue;
        this.next = next;
        this.onIdle = onIdle;
    }

    /** Whether nothing is waiting to be written or being written. */
    boolean idle() {
        return pending.isEmpty() && !writing.get();
    }

    void add(DeliveryJob job, AttemptResult result) {
        pending.add(new DeliveryQueue.Success(job, result));
        drain();
    }

    private void drain() {
        if (pending.isEmpty() || !writing.compareAndSet(false, true)) {
            return;
        }
        List<DeliveryQueue.Success> batch = new ArrayList<>();
        DeliveryQueue.Success s;
        while (batch.size() < MAX_BATCH && (s = pending.poll()) != null) {
            batch.add(s);
        }
        Map<TenantId, List<DeliveryQueue.Success>> byTenant = new LinkedHashMap<>();
        batch.forEach(success -> byTenant.computeIfAbsent(success.job().tenant(), t -> new ArrayList<>())
                .add(success));
        Flux.fromIterable(byTenant.entrySet())
                .flatMap(entry -> queue.deliveredAll(entry.getKey(), entry.getValue())
                        .doOnNext(next)
                        .onErrorResume(e -> {
                            log.warn(
                                    "Cannot record {} webhook deliveries; their leases expire and they are sent again:"
                                            + " {}",
                                    entry.getValue().size(),
                                    e.toString());
                            return reactor.core.publisher.Mono.empty();
                        }))
                .doFinally(signal -> {
                    writing.set(false);
                    drain();
                    if (idle()) {
                        onIdle.run();
                    }
                })
                .subscribe();
    }
}

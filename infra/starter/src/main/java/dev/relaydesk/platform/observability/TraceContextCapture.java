package dev.relaydesk.platform.observability;

import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Captures the current W3C {@code traceparent} of a reactive pipeline, so work done later on its behalf (an event the
 * outbox relay publishes) continues the same trace.
 */
public class TraceContextCapture {

    public static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;
    private final ContextSnapshotFactory snapshots =
            ContextSnapshotFactory.builder().build();

    public TraceContextCapture(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current traceparent, or empty when the pipeline is not traced. */
    public Mono<String> currentTraceparent() {
        return Mono.deferContextual(ctx -> {
            try (var scope = snapshots.setThreadLocalsFrom(ctx)) {
                Span span = tracer.currentSpan();
                if (span == null) {
                    return Mono.empty();
                }
                Map<String, String> carrier = new HashMap<>();
                propagator.inject(span.context(), carrier, Map::put);
                return Mono.justOrEmpty(carrier.get(TRACEPARENT));
            }
        });
    }

    /** For services without tracing: never a trace. */
    public static TraceContextCapture none() {
        return new TraceContextCapture(Tracer.NOOP, Propagator.NOOP) {
            @Override
            public Mono<String> currentTraceparent() {
                return Mono.empty();
            }
        };
    }
}

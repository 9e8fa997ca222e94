package dev.relaydesk.platform.tx;

import io.r2dbc.spi.R2dbcException;
import java.time.Duration;
import java.util.Set;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * Runs a transaction again when PostgreSQL aborted it to resolve a conflict between transactions rather than because of
 * anything in it: a deadlock ({@code 40P01}) or a serialization failure ({@code 40001}). Nothing of the aborted attempt
 * was committed, so running the whole transaction again is safe, and usually succeeds at once because the other
 * transaction has finished meanwhile.
 *
 * <p>Apply it to the transactional publisher itself ({@code tx.transactional(work).retryWhen(TransientFailures.retry())}),
 * so that each attempt is a fresh transaction, and only where two transactions can lock the same rows in different
 * orders (set-based statements over many rows, cascades). Spring's R2DBC translation reports a deadlock as an
 * uncategorized error; the SQL state on the cause is what counts here.
 */
public final class TransientFailures {

    /** SQL states of an aborted transaction that may succeed when run again unchanged. */
    static final Set<String> RETRYABLE = Set.of("40P01", "40001");

    /** Attempts after the first. */
    static final int RETRIES = 3;

    private TransientFailures() {}

    /** Whether this failure, or one of its causes, is a deadlock or serialization failure. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof R2dbcException r2dbc && RETRYABLE.contains(r2dbc.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Up to {@value #RETRIES} more attempts after a transient failure, 20 ms apart and more with jitter (the two
     * transactions must not meet again in step); any other failure, and the last transient one, pass through as they
     * are.
     */
    public static RetryBackoffSpec retry() {
        return Retry.backoff(RETRIES, Duration.ofMillis(20))
                .jitter(0.5)
                .filter(TransientFailures::isTransient)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }
}

package dev.relaydesk.gateway.redis;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs that Redis failed, at most once every ten seconds per user of it, so that a Redis outage under load does not
 * flood the log (requests go on without Redis meanwhile).
 */
public final class RedisFailures {

    private static final Logger log = LoggerFactory.getLogger(RedisFailures.class);
    private static final long INTERVAL_NANOS = 10_000_000_000L;

    private final String what;
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

    public RedisFailures(String what) {
        this.what = what;
    }

    public void report(Throwable failure) {
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= INTERVAL_NANOS && lastLogged.compareAndSet(last, now)) {
            log.warn("Redis failed for {}; letting requests through without it: {}", what, failure.toString());
        }
    }
}

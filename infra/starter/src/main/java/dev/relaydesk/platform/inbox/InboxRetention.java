package dev.relaydesk.platform.inbox;

import dev.relaydesk.platform.background.BackgroundLoop;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Forgets applied event ids once a redelivery is no longer possible (older than the retention, which must exceed the
 * topics' retention), so the inbox stays small. Every replica may run it; deletes are idempotent.
 */
public class InboxRetention extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(InboxRetention.class);

    private final DatabaseClient db;
    private final Duration retention;
    private final Duration interval;

    public InboxRetention(DatabaseClient db, Duration retention, Duration interval) {
        this.db = db;
        this.retention = retention;
        this.interval = interval;
    }

    /** Deletes the ids applied before the retention window; completes with how many. */
    public Mono<Long> prune() {
        return db.sql("delete from relaydesk_inbox where applied_at < :cutoff")
                .bind("cutoff", OffsetDateTime.now(ZoneOffset.UTC).minus(retention))
                .fetch()
                .rowsUpdated();
    }

    @Override
    protected Flux<Long> loop() {
        return Flux.interval(interval, interval).onBackpressureDrop().concatMap(tick -> prune().onErrorResume(e -> {
            log.warn("Inbox pruning failed, retrying later: {}", e.toString());
            return Mono.just(0L);
        }));
    }
}

package dev.relaydesk.platform;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.inbox.Inbox;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutgoingEvent;
import dev.relaydesk.platform.security.Caller;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A minimal service on the platform, used to test the starter the way real services use it. */
@SpringBootApplication
public class PlatformTestApplication {

    static final String TOPIC = "test.notes";

    record NoteAdded(long noteId, long authorId, String text) {}

    @RestController
    static class Notes {
        private final DatabaseClient db;
        private final TransactionalOperator tx;
        private final Outbox outbox;

        Notes(DatabaseClient db, TransactionalOperator tx, Outbox outbox) {
            this.db = db;
            this.tx = tx;
            this.outbox = outbox;
        }

        @PostMapping("/notes")
        Mono<Map<String, Long>> add(Caller caller, @RequestParam(required = false) String text) {
            if (text == null || text.isBlank()) {
                return Mono.error(ApiException.missingParameter("text"));
            }
            Mono<Long> insert = db.sql("insert into notes (author_id, text) values (:author, :text) returning id")
                    .bind("author", caller.userId())
                    .bind("text", text)
                    .map(row -> row.get(0, Long.class))
                    .one()
                    .flatMap(id -> outbox.append(OutgoingEvent.of(
                                    TOPIC,
                                    id,
                                    "relaydesk.test.note-added.v1",
                                    new NoteAdded(id, caller.userId(), text)))
                            .thenReturn(id));
            return tx.transactional(insert).map(id -> Map.of("id", id));
        }

        @GetMapping("/api/note")
        Mono<Map<String, Object>> note(@RequestParam long id) {
            return tx.transactional(db.sql("select id, text from notes where id = :id")
                            .bind("id", id)
                            .fetch()
                            .one())
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("Note", id)));
        }

        @GetMapping("/api/v2/notes/{id}")
        Mono<Map<String, Object>> noteV2(@PathVariable long id) {
            return note(id);
        }

        /** Deliberately forgets any tenant filter: row-level security must still confine it to the caller's tenant. */
        @GetMapping("/notes/all-texts")
        Mono<List<String>> allTexts() {
            return tx.transactional(db.sql("select text from notes order by id")
                    .map(row -> row.get(0, String.class))
                    .all()
                    .collectList());
        }

        /** What the logs of this request would say the tenant is. */
        @GetMapping("/notes/log-tenant")
        Mono<String> logTenant() {
            return Mono.just("x")
                    .publishOn(reactor.core.scheduler.Schedulers.parallel())
                    .handle((x, sink) -> sink.next(String.valueOf(org.slf4j.MDC.get("tenant"))));
        }

        @GetMapping("/notes/boom")
        Mono<String> boom() {
            return Mono.error(new IllegalStateException("secret internal detail"));
        }
    }

    @org.springframework.stereotype.Component
    static class NoteCounter {
        private final Inbox inbox;
        private final DatabaseClient db;

        NoteCounter(Inbox inbox, DatabaseClient db) {
            this.inbox = inbox;
            this.db = db;
        }

        /** Not idempotent by itself (it increments), so a duplicate that got through would show. */
        @KafkaListener(topics = TOPIC, groupId = "platform-test-counter")
        void on(CloudEvent event) {
            inbox.applyOnce("note-counter", event, e -> db.sql(
                                    """
                                    insert into note_counts (count) values (1)
                                    on conflict (tenant_id) do update set count = note_counts.count + 1
                                    """)
                            .then())
                    .block(Duration.ofSeconds(30));
        }
    }
}

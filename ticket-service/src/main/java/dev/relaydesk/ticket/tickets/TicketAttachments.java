package dev.relaydesk.ticket.tickets;

import dev.relaydesk.contract.ApiException;
import dev.relaydesk.platform.outbox.Outbox;
import dev.relaydesk.platform.outbox.OutgoingEvent;
import dev.relaydesk.platform.security.Caller;
import dev.relaydesk.ticket.blob.BlobStore;
import dev.relaydesk.ticket.blob.BlobStores;
import dev.relaydesk.ticket.tickets.TicketEvents.AttachmentAdded;
import dev.relaydesk.ticket.tickets.TicketEvents.AttachmentDeleted;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Files on tickets. Uploads stream into the active {@link BlobStore} within the transaction that records them, which is
 * also the transaction that creates the ticket or comment they come with: a file over the tenant's limit (413) or any
 * failure rolls the whole request back, and the blobs it had already written to a non-transactional store (directory,
 * S3) are deleted, so nothing is left behind. Downloads stream back out. A
 * file that came with a techs-only comment is techs-only too: regular users neither see nor download it. Only
 * administrators delete files.
 */
@Service
public class TicketAttachments {

    private static final Logger log = LoggerFactory.getLogger(TicketAttachments.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Outbox outbox;
    private final TicketManagement tickets;
    private final TicketComments comments;
    private final BlobStores blobs;

    public TicketAttachments(
            DatabaseClient db,
            TransactionalOperator tx,
            Outbox outbox,
            TicketManagement tickets,
            TicketComments comments,
            BlobStores blobs) {
        this.db = db;
        this.tx = tx;
        this.outbox = outbox;
        this.tickets = tickets;
        this.comments = comments;
        this.blobs = blobs;
    }

    /** The largest file the caller's tenant may attach, in bytes. */
    public long maxFileSize(Caller caller) {
        return blobs.maxFileSize(caller.tenant().value());
    }

    /**
     * {@code POST Ticket} with files: creates the ticket and attaches the files in ONE transaction, so either the ticket
     * and its attachments (rows and events) commit together or nothing does (a file over the limit leaves no ticket).
     */
    public Mono<Long> createTicket(Caller caller, NewTicket request, List<Upload> files) {
        if (files.isEmpty()) {
            return tickets.create(caller, request);
        }
        long limit = maxFileSize(caller);
        BlobStore store = blobs.active();
        return cleaningUp(
                store,
                written -> tx.transactional(tickets.create(caller, request).flatMap(id -> tickets.lockAny(id)
                        .flatMap(ticket -> storeAll(caller, ticket, null, false, files, store, limit, written))
                        .thenReturn(id))));
    }

    /**
     * {@code POST Comment} with files: the comment and its attachments commit together or not at all. Files of a
     * techs-only comment are techs-only too.
     */
    public Mono<Long> postComment(Caller caller, NewComment request, List<Upload> files) {
        if (files.isEmpty()) {
            return comments.post(caller, request);
        }
        long limit = maxFileSize(caller);
        BlobStore store = blobs.active();
        return cleaningUp(
                store,
                written -> tx.transactional(comments.post(caller, request).flatMap(commentId -> tickets.lockAny(
                                request.ticketId())
                        .flatMap(ticket -> storeAll(
                                caller, ticket, commentId, request.forTechsOnly(), files, store, limit, written))
                        .thenReturn(commentId))));
    }

    /** {@code AttachFile}: attaches the files to a ticket the caller can see, all or none; their ids. */
    public Mono<List<Long>> attach(Caller caller, long ticketId, List<Upload> files) {
        if (files.isEmpty()) {
            return Mono.just(List.of());
        }
        long limit = maxFileSize(caller);
        BlobStore store = blobs.active();
        return cleaningUp(
                store,
                written -> tx.transactional(tickets.lockVisible(caller, ticketId)
                        .flatMap(ticket -> storeAll(caller, ticket, null, false, files, store, limit, written))));
    }

    /**
     * Runs {@code work} (a transaction that stores blobs and records them); when it fails or is cancelled, deletes the
     * blobs it stored in a store that does not roll back with the transaction, so no file outlives its rows.
     */
    private static <T> Mono<T> cleaningUp(BlobStore store, Function<Queue<String>, Mono<T>> work) {
        return Mono.defer(() -> {
            Queue<String> written = new ConcurrentLinkedQueue<>();
            if (store.rollsBackWithTransaction()) {
                return work.apply(written);
            }
            return work.apply(written)
                    .onErrorResume(e -> discard(store, written).then(Mono.error(e)))
                    .doOnCancel(() -> discard(store, written).subscribe());
        });
    }

    private static Mono<Void> discard(BlobStore store, Queue<String> keys) {
        return Flux.fromIterable(List.copyOf(keys))
                .concatMap(key -> store.delete(key).onErrorResume(e -> {
                    log.warn("Could not delete the orphaned blob {} in store {}", key, store.name(), e);
                    return Mono.empty();
                }))
                .then();
    }

    /** Stores the files one after the other and records each (row and {@code attachment.added}); their ids. */
    private Mono<List<Long>> storeAll(
            Caller caller,
            TicketState ticket,
            Long commentId,
            boolean forTechsOnly,
            List<Upload> files,
            BlobStore store,
            long limit,
            Queue<String> written) {
        long ticketId = ticket.id;
        return Flux.fromIterable(files)
                .concatMap(file -> store.store(file.content(), limit)
                        .doOnNext(blob -> written.add(blob.key()))
                        .flatMap(blob -> {
                            String name = FileNames.sanitize(file.fileName());
                            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                            var insert = db.sql(
                                            """
                                            insert into attachments (ticket_id, comment_id, user_id, file_name,
                                                                     content_type, size, sha256, blob_store, blob_key,
                                                                     for_techs_only, created_at)
                                            values (:t, :c, :u, :name, :type, :size, :sha, :store, :key, :techs, :at)
                                            returning id
                                            """)
                                    .bind("t", ticketId)
                                    .bind("u", caller.userId())
                                    .bind("name", name)
                                    .bind("type", file.contentType())
                                    .bind("size", blob.size())
                                    .bind("sha", blob.sha256())
                                    .bind("store", store.name())
                                    .bind("key", blob.key())
                                    .bind("techs", forTechsOnly)
                                    .bind("at", now);
                            insert = commentId == null ? insert.bindNull("c", Long.class) : insert.bind("c", commentId);
                            return insert.map(row -> row.get(0, Long.class))
                                    .one()
                                    .flatMap(id -> outbox.append(OutgoingEvent.of(
                                                    TicketEvents.TOPIC,
                                                    ticketId,
                                                    AttachmentAdded.TYPE,
                                                    new AttachmentAdded(
                                                            ticketId,
                                                            caller.userId(),
                                                            now,
                                                            ticket.snapshot(),
                                                            null,
                                                            id,
                                                            commentId,
                                                            name,
                                                            file.contentType(),
                                                            blob.size(),
                                                            forTechsOnly)))
                                            .thenReturn(id));
                        }))
                .collectList();
    }

    /** {@code Attachments?id}: the ticket's files the caller may see, oldest first. */
    public Mono<List<Attachment>> list(Caller caller, long ticketId) {
        return tx.transactional(
                db.sql("select t.id from tickets t where t.id = :id and " + Visibility.predicate(caller))
                        .bind("id", ticketId)
                        .bind("me", caller.userId())
                        .map(row -> row.get(0, Long.class))
                        .one()
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("Ticket", ticketId)))
                        .then(db.sql(SELECT + " where a.ticket_id = :t" + techsOnly(caller) + " order by a.id")
                                .bind("t", ticketId)
                                .map(TicketAttachments::attachment)
                                .all()
                                .collectList()));
    }

    /** The file and its bytes, if the caller may see it; 404 otherwise. */
    public Mono<Download> download(Caller caller, long attachmentId) {
        return tx.transactional(find(caller, attachmentId))
                .map(a -> new Download(a, blobs.named(a.store()).read(a.key(), a.size())));
    }

    /**
     * {@code DeleteFile} (administrators). The bytes go with the row in a store that rolls back with the transaction,
     * and after the commit in any other (a failed transaction must not lose a file its row still names).
     */
    public Mono<Void> delete(Caller caller, long attachmentId) {
        if (!caller.isAdmin()) {
            return Mono.error(ApiException.forbidden("Deleting files requires administrator permissions"));
        }
        return tx.transactional(find(caller, attachmentId).flatMap(a -> tickets.lockAny(a.ticketId())
                        .flatMap(ticket -> db.sql("delete from attachments where id = :id")
                                .bind("id", attachmentId)
                                .then()
                                .then(
                                        blobs.named(a.store()).rollsBackWithTransaction()
                                                ? blobs.named(a.store()).delete(a.key())
                                                : Mono.empty())
                                .then(outbox.append(OutgoingEvent.of(
                                        TicketEvents.TOPIC,
                                        a.ticketId(),
                                        AttachmentDeleted.TYPE,
                                        new AttachmentDeleted(
                                                a.ticketId(),
                                                caller.userId(),
                                                Instant.now().truncatedTo(ChronoUnit.MICROS),
                                                ticket.snapshot(),
                                                null,
                                                attachmentId,
                                                a.fileName()))))
                                .thenReturn(a))))
                .flatMap(a -> {
                    BlobStore store = blobs.named(a.store());
                    return store.rollsBackWithTransaction()
                            ? Mono.empty()
                            : store.delete(a.key()).onErrorResume(e -> {
                                log.warn("Could not delete the blob {} of deleted file {}", a.key(), attachmentId, e);
                                return Mono.empty();
                            });
                });
    }

    private Mono<Attachment> find(Caller caller, long attachmentId) {
        return db.sql(SELECT + " join tickets t on t.id = a.ticket_id where a.id = :id and "
                        + Visibility.predicate(caller) + techsOnly(caller))
                .bind("id", attachmentId)
                .bind("me", caller.userId())
                .map(TicketAttachments::attachment)
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Attachment", attachmentId)));
    }

    private static String techsOnly(Caller caller) {
        return caller.isTechnician() ? "" : " and not a.for_techs_only";
    }

    private static final String SELECT =
            """
            select a.id, a.ticket_id, a.comment_id, coalesce(c.created_at, a.created_at) as comment_date, a.user_id,
                   a.file_name, a.content_type, a.size, a.sha256, a.for_techs_only, a.blob_store, a.blob_key
              from attachments a
              left join comments c on c.id = a.comment_id
            """;

    private static Attachment attachment(Readable row) {
        return new Attachment(
                row.get("id", Long.class),
                row.get("ticket_id", Long.class),
                row.get("comment_id", Long.class),
                TicketState.instant(row, "comment_date"),
                row.get("user_id", Long.class),
                row.get("file_name", String.class),
                row.get("content_type", String.class),
                row.get("size", Long.class),
                row.get("sha256", String.class),
                Boolean.TRUE.equals(row.get("for_techs_only", Boolean.class)),
                row.get("blob_store", String.class),
                row.get("blob_key", String.class));
    }
}

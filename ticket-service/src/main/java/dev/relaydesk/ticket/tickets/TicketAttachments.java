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
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Files on tickets. Uploads stream into the active {@link BlobStore} within the transaction that records them (a file
 * over the tenant's limit fails the whole request with 413 and leaves nothing behind); downloads stream back out. A
 * file that came with a techs-only comment is techs-only too: regular users neither see nor download it. Only
 * administrators delete files.
 */
@Service
public class TicketAttachments {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Outbox outbox;
    private final TicketManagement tickets;
    private final BlobStores blobs;

    public TicketAttachments(
            DatabaseClient db, TransactionalOperator tx, Outbox outbox, TicketManagement tickets, BlobStores blobs) {
        this.db = db;
        this.tx = tx;
        this.outbox = outbox;
        this.tickets = tickets;
        this.blobs = blobs;
    }

    /** The largest file the caller's tenant may attach, in bytes. */
    public long maxFileSize(Caller caller) {
        return blobs.maxFileSize(caller.tenant().value());
    }

    /**
     * Attaches the files to the ticket (and comment); their ids. {@code justCreated}: the caller created the ticket in
     * this request (on someone's behalf, perhaps in a category they cannot see), so visibility is not checked again.
     */
    public Mono<List<Long>> attach(
            Caller caller,
            long ticketId,
            Long commentId,
            boolean forTechsOnly,
            List<Upload> files,
            boolean justCreated) {
        if (files.isEmpty()) {
            return Mono.just(List.of());
        }
        long limit = maxFileSize(caller);
        BlobStore store = blobs.active();
        return tx.transactional((justCreated ? tickets.lockAny(ticketId) : tickets.lockVisible(caller, ticketId))
                .flatMap(ticket -> Flux.fromIterable(files)
                        .concatMap(file -> store.store(file.content(), limit).flatMap(blob -> {
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
                        .collectList()));
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

    /** {@code DeleteFile} (administrators). */
    public Mono<Void> delete(Caller caller, long attachmentId) {
        if (!caller.isAdmin()) {
            return Mono.error(ApiException.forbidden("Deleting files requires administrator permissions"));
        }
        return tx.transactional(find(caller, attachmentId).flatMap(a -> tickets.lockAny(a.ticketId())
                .flatMap(ticket -> db.sql("delete from attachments where id = :id")
                        .bind("id", attachmentId)
                        .then()
                        .then(blobs.named(a.store()).delete(a.key()))
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
                                        a.fileName())))))));
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

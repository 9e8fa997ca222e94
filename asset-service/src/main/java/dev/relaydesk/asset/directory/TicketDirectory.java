package dev.relaydesk.asset.directory;

import dev.relaydesk.asset.assignment.AssetAssignments;
import dev.relaydesk.platform.inbox.Inbox;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * asset-service's local copy of ticket-service's tickets (an asset's {@code Tickets}, the check that a linked ticket
 * exists), kept from {@code ticket.tickets} events: every ticket and comment event carries the ticket's snapshot, whose
 * id, subject and status are kept. A deleted ticket's asset links go; a merged ticket's links move to the ticket it
 * was merged into. Each event is applied once.
 */
@Component
class TicketDirectory {

    static final String CONSUMER = "ticket-directory";

    private final Inbox inbox;
    private final DatabaseClient db;
    private final JsonMapper json;
    private final AssetAssignments assignments;

    TicketDirectory(Inbox inbox, DatabaseClient db, JsonMapper json, AssetAssignments assignments) {
        this.inbox = inbox;
        this.db = db;
        this.json = json;
        this.assignments = assignments;
    }

    @KafkaListener(topics = "ticket.tickets", groupId = "asset-service.ticket-directory")
    void on(CloudEvent event) {
        String type = event.getType();
        if (type.startsWith("relaydesk.ticket.deleted.")) {
            apply(event, e -> {
                TicketEvent deleted = read(e);
                Long ticketId = deleted.ticketId() != null
                        ? deleted.ticketId()
                        : deleted.ticket() == null ? null : deleted.ticket().ticketId();
                return ticketId == null
                        ? Mono.empty()
                        : assignments.ticketDeleted(ticketId).then(forget(ticketId));
            });
        } else if (type.startsWith("relaydesk.ticket.merged.")) {
            apply(event, e -> {
                TicketEvent merged = read(e);
                if (merged.fromTicketId() == null || merged.intoTicketId() == null) {
                    return Mono.empty();
                }
                return assignments
                        .ticketsMerged(merged.fromTicketId(), merged.intoTicketId())
                        .then(forget(merged.fromTicketId()))
                        .then(
                                merged.ticket() != null
                                                && merged.intoTicketId()
                                                        .equals(merged.ticket().ticketId())
                                        ? upsert(merged.ticket())
                                        : Mono.empty());
            });
        } else if (type.startsWith("relaydesk.ticket.") || type.startsWith("relaydesk.comment.")) {
            apply(event, e -> {
                TicketEvent changed = read(e);
                return changed.ticket() == null ? Mono.empty() : upsert(changed.ticket());
            });
        }
    }

    private void apply(CloudEvent event, java.util.function.Function<CloudEvent, Mono<?>> effect) {
        inbox.applyOnce(CONSUMER, event, effect).block(Duration.ofSeconds(30));
    }

    private TicketEvent read(CloudEvent event) {
        return json.readValue(event.getData().toBytes(), TicketEvent.class);
    }

    private Mono<Void> upsert(TicketSnapshot ticket) {
        if (ticket.ticketId() == null) {
            return Mono.empty();
        }
        DatabaseClient.GenericExecuteSpec insert = db.sql(
                        """
                        insert into ticket_view (ticket_id, subject, status_id) values (:id, :subject, :status)
                        on conflict (tenant_id, ticket_id) do update set
                          subject = excluded.subject, status_id = excluded.status_id, updated_at = now()
                        """)
                .bind("id", ticket.ticketId());
        insert = ticket.subject() == null
                ? insert.bindNull("subject", String.class)
                : insert.bind("subject", ticket.subject());
        insert = ticket.statusId() == null
                ? insert.bindNull("status", Long.class)
                : insert.bind("status", ticket.statusId());
        return insert.then();
    }

    private Mono<Void> forget(long ticketId) {
        return db.sql("delete from ticket_view where ticket_id = :id")
                .bind("id", ticketId)
                .then();
    }

    /** The fields of ticket-service's ticket events this read model needs (tolerant reader). */
    record TicketEvent(Long ticketId, Long fromTicketId, Long intoTicketId, TicketSnapshot ticket) {}

    /** The part of the ticket snapshot kept here. */
    record TicketSnapshot(Long ticketId, String subject, Long statusId) {}
}

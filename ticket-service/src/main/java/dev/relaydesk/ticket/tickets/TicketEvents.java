package dev.relaydesk.ticket.tickets;

import java.time.Instant;
import java.util.List;

/** The events of topic {@code ticket.tickets} (aggregate: the ticket), as the ticket-events contract defines them. */
public final class TicketEvents {

    public static final String TOPIC = "ticket.tickets";

    private TicketEvents() {}

    /** Set when an automation rule made the change (not yet used: always null). */
    public record CausedBy(long ruleId, int depth, String originEventId) {}

    public record TicketCreated(
            long ticketId,
            Long actorUserId,
            Instant occurredAt,
            TicketSnapshot ticket,
            CausedBy causedBy,
            String body,
            boolean suppressConfirmation) {
        public static final String TYPE = "relaydesk.ticket.created.v1";
    }

    public record TicketUpdated(
            long ticketId,
            Long actorUserId,
            Instant occurredAt,
            TicketSnapshot ticket,
            CausedBy causedBy,
            List<TicketChange> changes) {
        public static final String TYPE = "relaydesk.ticket.updated.v1";
    }

    public record TicketClosed(
            long ticketId,
            Long actorUserId,
            Instant occurredAt,
            TicketSnapshot ticket,
            CausedBy causedBy,
            boolean suppressNotification) {
        public static final String TYPE = "relaydesk.ticket.closed.v1";
    }

    public record TicketReopened(
            long ticketId, Long actorUserId, Instant occurredAt, TicketSnapshot ticket, CausedBy causedBy) {
        public static final String TYPE = "relaydesk.ticket.reopened.v1";
    }

    public record TicketAssigned(
            long ticketId,
            Long actorUserId,
            Instant occurredAt,
            TicketSnapshot ticket,
            CausedBy causedBy,
            Long fromUserId,
            Long toUserId) {
        public static final String TYPE = "relaydesk.ticket.assigned.v1";
    }

    public record TicketTagged(
            long ticketId,
            Long actorUserId,
            Instant occurredAt,
            TicketSnapshot ticket,
            CausedBy causedBy,
            List<String> tags) {
        public static final String TYPE = "relaydesk.ticket.tagged.v1";
    }

    public record TicketCustomFieldSet(
            long ticketId,
            Long actorUserId,
            Instant occurredAt,
            TicketSnapshot ticket,
            CausedBy causedBy,
            long fieldId,
            String value) {
        public static final String TYPE = "relaydesk.ticket.custom-field-set.v1";
    }
}

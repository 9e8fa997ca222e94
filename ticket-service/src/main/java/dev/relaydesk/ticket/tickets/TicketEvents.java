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

    /** A comment was posted; {@code forTechsOnly} comments must never reach regular users. */
    public record CommentAdded(
            long commentId,
            long ticketId,
            Long actorUserId,
            long authorUserId,
            String body,
            boolean forTechsOnly,
            boolean isSystem,
            List<Long> recipientIds,
            Instant occurredAt,
            TicketSnapshot ticket,
            CausedBy causedBy) {
        public static final String TYPE = "relaydesk.comment.added.v1";
    }

    /** A comment's text was edited. */
    public record CommentUpdated(
            long commentId,
            long ticketId,
            Long actorUserId,
            long authorUserId,
            String body,
            boolean forTechsOnly,
            boolean isSystem,
            List<Long> recipientIds,
            Instant occurredAt,
            TicketSnapshot ticket,
            CausedBy causedBy) {
        public static final String TYPE = "relaydesk.comment.updated.v1";
    }

    public record AttachmentAdded(
            long ticketId,
            Long actorUserId,
            Instant occurredAt,
            TicketSnapshot ticket,
            CausedBy causedBy,
            long attachmentId,
            Long commentId,
            String fileName,
            String contentType,
            long size,
            boolean forTechsOnly) {
        public static final String TYPE = "relaydesk.attachment.added.v1";
    }

    public record AttachmentDeleted(
            long ticketId,
            Long actorUserId,
            Instant occurredAt,
            TicketSnapshot ticket,
            CausedBy causedBy,
            long attachmentId,
            String fileName) {
        public static final String TYPE = "relaydesk.attachment.deleted.v1";
    }

    /** {@code fromTicketId} is gone; its comments, files, subscribers and tags are now {@code intoTicketId}'s. */
    public record TicketMerged(
            long ticketId,
            Long actorUserId,
            Instant occurredAt,
            TicketSnapshot ticket,
            CausedBy causedBy,
            long fromTicketId,
            long intoTicketId) {
        public static final String TYPE = "relaydesk.ticket.merged.v1";
    }

    public record TicketLinked(
            long ticketId,
            Long actorUserId,
            Instant occurredAt,
            TicketSnapshot ticket,
            CausedBy causedBy,
            long linkedTicketId) {
        public static final String TYPE = "relaydesk.ticket.linked.v1";
    }

    public record TicketUnlinked(
            long ticketId,
            Long actorUserId,
            Instant occurredAt,
            TicketSnapshot ticket,
            CausedBy causedBy,
            long linkedTicketId) {
        public static final String TYPE = "relaydesk.ticket.unlinked.v1";
    }

    /** Aggregate: the parent. */
    public record SubTicketAdded(
            long ticketId,
            Long actorUserId,
            Instant occurredAt,
            TicketSnapshot ticket,
            CausedBy causedBy,
            long parentTicketId,
            long childTicketId) {
        public static final String TYPE = "relaydesk.ticket.subticket-added.v1";
    }

    /** Aggregate: the former parent. */
    public record SubTicketRemoved(
            long ticketId,
            Long actorUserId,
            Instant occurredAt,
            TicketSnapshot ticket,
            CausedBy causedBy,
            long parentTicketId,
            long childTicketId) {
        public static final String TYPE = "relaydesk.ticket.subticket-removed.v1";
    }
}

package dev.relaydesk.asset.assignment;

import java.time.Instant;

/**
 * Published as {@code relaydesk.asset.linked-to-ticket.v1} on {@code asset.assets}: the asset is linked to ticket
 * {@code ticketId} ("assets involved").
 */
public record AssetLinkedToTicket(long assetId, long ticketId, Long actorUserId, Instant occurredAt) {

    public static final String TYPE = "relaydesk.asset.linked-to-ticket.v1";
}

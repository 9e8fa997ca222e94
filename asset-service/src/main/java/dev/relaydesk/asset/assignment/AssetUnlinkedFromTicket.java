package dev.relaydesk.asset.assignment;

import java.time.Instant;

/**
 * Published as {@code relaydesk.asset.unlinked-from-ticket.v1} on {@code asset.assets}: the asset is no longer linked
 * to ticket {@code ticketId} (also when the ticket was deleted or merged into another; {@code actorUserId} is then
 * null).
 */
public record AssetUnlinkedFromTicket(long assetId, long ticketId, Long actorUserId, Instant occurredAt) {

    public static final String TYPE = "relaydesk.asset.unlinked-from-ticket.v1";
}

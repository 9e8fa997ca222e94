package dev.relaydesk.asset.assignment;

import java.time.Instant;

/**
 * Published as {@code relaydesk.asset.unassigned-from-user.v1} on {@code asset.assets}: the asset is no longer assigned
 * to user {@code userId} (also when the user was deleted or merged into another; {@code actorUserId} is then null).
 */
public record AssetUnassignedFromUser(long assetId, long userId, Long actorUserId, Instant occurredAt) {

    public static final String TYPE = "relaydesk.asset.unassigned-from-user.v1";
}

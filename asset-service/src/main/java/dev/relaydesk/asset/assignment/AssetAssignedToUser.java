package dev.relaydesk.asset.assignment;

import java.time.Instant;

/**
 * Published as {@code relaydesk.asset.assigned-to-user.v1} on {@code asset.assets}: the asset is assigned to user
 * {@code userId}.
 */
public record AssetAssignedToUser(long assetId, long userId, Long actorUserId, Instant occurredAt) {

    public static final String TYPE = "relaydesk.asset.assigned-to-user.v1";
}

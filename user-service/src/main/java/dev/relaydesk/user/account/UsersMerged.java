package dev.relaydesk.user.account;

import java.time.Instant;

/**
 * Published as {@code relaydesk.user.merged.v1} on {@code user.users} (key: the merged-away user): user
 * {@code fromUserId} no longer exists and everything that was theirs (tickets, comments, assets) now belongs to
 * {@code intoUserId}; ticket-service and asset-service move their rows on it.
 */
public record UsersMerged(long fromUserId, long intoUserId, Instant occurredAt) {

    public static final String TYPE = "relaydesk.user.merged.v1";
}

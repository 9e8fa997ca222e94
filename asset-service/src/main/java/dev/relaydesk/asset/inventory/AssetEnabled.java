package dev.relaydesk.asset.inventory;

import java.time.Instant;

/** Published as {@code relaydesk.asset.enabled.v1} on {@code asset.assets} when a disabled asset is enabled. */
public record AssetEnabled(long assetId, Long actorUserId, Instant occurredAt) {

    public static final String TYPE = "relaydesk.asset.enabled.v1";
}

package dev.relaydesk.asset.inventory;

import java.time.Instant;

/** Published as {@code relaydesk.asset.disabled.v1} on {@code asset.assets} when an asset is retired (disabled). */
public record AssetDisabled(long assetId, Long actorUserId, Instant occurredAt) {

    public static final String TYPE = "relaydesk.asset.disabled.v1";
}

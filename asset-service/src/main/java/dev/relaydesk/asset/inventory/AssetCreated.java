package dev.relaydesk.asset.inventory;

import java.time.Instant;

/** Published as {@code relaydesk.asset.created.v1} on {@code asset.assets} with the new asset. */
public record AssetCreated(
        long assetId,
        String modelName,
        long manufacturerId,
        String manufacturer,
        long supplierId,
        String supplier,
        long typeId,
        String type,
        String serialNumber,
        String location,
        String comments,
        int quantity,
        Long companyId,
        Long actorUserId,
        Instant occurredAt) {

    public static final String TYPE = "relaydesk.asset.created.v1";
}

package dev.relaydesk.asset.inventory;

import java.time.Instant;

/**
 * Published as {@code relaydesk.asset.updated.v1} on {@code asset.assets} with the asset as it now is (the fields of
 * {@link AssetCreated} plus {@code disabled}), so read models can simply overwrite their copy.
 */
public record AssetUpdated(
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
        boolean disabled,
        Long actorUserId,
        Instant occurredAt) {

    public static final String TYPE = "relaydesk.asset.updated.v1";
}

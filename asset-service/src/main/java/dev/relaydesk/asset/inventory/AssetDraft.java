package dev.relaydesk.asset.inventory;

/**
 * What {@code POST Asset} and {@code UpdateAsset} carry. For an update a null field stays as it is; for a text field
 * an empty string clears it; {@code companyId} 0 removes the company.
 */
public record AssetDraft(
        String modelName,
        String manufacturer,
        String type,
        String supplier,
        String serialNumber,
        String location,
        String comments,
        Integer quantity,
        Long companyId) {}

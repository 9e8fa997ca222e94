package dev.relaydesk.asset.customfield;

import java.time.Instant;

/**
 * Published as {@code relaydesk.asset.custom-field-set.v1} on {@code asset.assets}: the asset's value of field
 * {@code fieldId} is now {@code value} (as stored: a combo's option id, a checkbox's true/false, a date in ISO format;
 * null clears it).
 */
public record AssetCustomFieldSet(long assetId, long fieldId, String value, Long actorUserId, Instant occurredAt) {

    public static final String TYPE = "relaydesk.asset.custom-field-set.v1";
}

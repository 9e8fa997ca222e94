package dev.relaydesk.asset.customfield;

import dev.relaydesk.contract.customfield.FieldType;

/** A field with one asset's value (null when unset); a combo's value is its option's name. */
public record CustomFieldValue(long fieldId, String fieldName, FieldType type, String value) {}

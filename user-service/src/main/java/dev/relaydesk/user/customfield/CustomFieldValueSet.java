package dev.relaydesk.user.customfield;

import java.time.Instant;

/**
 * Published as {@code relaydesk.user.custom-field-set.v1} on {@code user.users} (ownerId = user id) or
 * {@code relaydesk.company.custom-field-set.v1} on {@code user.companies} (ownerId = company id); a null value clears it.
 */
public record CustomFieldValueSet(long ownerId, long fieldId, String value, Instant occurredAt) {

    public static final String USER_TYPE = "relaydesk.user.custom-field-set.v1";
    public static final String COMPANY_TYPE = "relaydesk.company.custom-field-set.v1";
}

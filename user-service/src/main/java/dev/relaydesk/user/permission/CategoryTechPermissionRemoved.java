package dev.relaydesk.user.permission;

import java.time.Instant;

/** Published as {@code relaydesk.permission.category-tech-removed.v1} on {@code user.permissions}. */
public record CategoryTechPermissionRemoved(long userId, long categoryId, Instant occurredAt) {

    public static final String TYPE = "relaydesk.permission.category-tech-removed.v1";
}

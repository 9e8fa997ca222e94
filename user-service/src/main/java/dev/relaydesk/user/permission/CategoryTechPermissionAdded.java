package dev.relaydesk.user.permission;

import java.time.Instant;

/** Published as {@code relaydesk.permission.category-tech-added.v1} on {@code user.permissions}. */
public record CategoryTechPermissionAdded(long userId, long categoryId, Instant occurredAt) {

    public static final String TYPE = "relaydesk.permission.category-tech-added.v1";
    public static final String TOPIC = "user.permissions";
}

package dev.relaydesk.user.account;

import java.time.Instant;

/** Published as {@code relaydesk.user.deleted.v1} on {@code user.users}. */
public record UserDeleted(long userId, Instant occurredAt) {

    public static final String TYPE = "relaydesk.user.deleted.v1";
}

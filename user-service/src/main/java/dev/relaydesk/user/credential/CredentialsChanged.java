package dev.relaydesk.user.credential;

import dev.relaydesk.platform.outbox.OutgoingEvent;
import java.time.Instant;

/**
 * Published as {@code relaydesk.user.credentials-changed.v1} on {@code user.credentials} whenever what a user may
 * authenticate with or as changes, so the gateway evicts its cached verifications of that user.
 *
 * @param reason {@code password}, {@code api-key}, {@code disabled}, {@code deleted}, {@code merged} or {@code roles}
 */
public record CredentialsChanged(long userId, String reason, Instant occurredAt) {

    public static final String TYPE = "relaydesk.user.credentials-changed.v1";
    public static final String TOPIC = "user.credentials";

    public static final String PASSWORD = "password";
    public static final String API_KEY = "api-key";
    public static final String DISABLED = "disabled";
    public static final String DELETED = "deleted";
    public static final String MERGED = "merged";
    public static final String ROLES = "roles";

    public static OutgoingEvent event(long userId, String reason) {
        return OutgoingEvent.of(TOPIC, userId, TYPE, new CredentialsChanged(userId, reason, Instant.now()));
    }
}

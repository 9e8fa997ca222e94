package dev.relaydesk.user.credential;

import java.time.Instant;

/**
 * Published as {@code relaydesk.tenant.shared-secret-rotated.v1} on {@code user.credentials} (key
 * {@code tenant:tenant}) when an administrator rotates the tenant's shared secret: every user token of the tenant is
 * invalid from then on.
 */
public record SharedSecretRotated(Instant occurredAt) {

    public static final String TYPE = "relaydesk.tenant.shared-secret-rotated.v1";
}

package dev.relaydesk.user.account;

import java.time.Instant;

/**
 * Published as {@code relaydesk.user.created.v1} on {@code user.users}. {@code departmentId} and
 * {@code sendWelcomeEmail} were added after the first version (additive).
 */
public record UserCreated(
        long userId,
        String username,
        String email,
        String firstName,
        String lastName,
        boolean isAdmin,
        boolean isTech,
        boolean isManager,
        Long companyId,
        Instant occurredAt,
        Long departmentId,
        boolean sendWelcomeEmail) {

    public static final String TYPE = "relaydesk.user.created.v1";
    public static final String TOPIC = "user.users";
}

package dev.relaydesk.user.account;

import java.time.Instant;

/**
 * Published as {@code relaydesk.user.updated.v1} on {@code user.users} with the user as they now are (the fields of
 * {@link UserCreated} plus what else may change), so read models can simply overwrite their copy.
 */
public record UserUpdated(
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
        boolean disabled,
        String phone,
        String location) {

    public static final String TYPE = "relaydesk.user.updated.v1";

    public static UserUpdated of(UserAccount u) {
        return new UserUpdated(
                u.id(),
                u.username(),
                u.email(),
                u.firstName(),
                u.lastName(),
                u.admin(),
                u.technician(),
                u.manager(),
                u.companyId(),
                Instant.now(),
                u.departmentId(),
                u.disabled(),
                u.phone(),
                u.location());
    }
}

package dev.relaydesk.user.account;

/**
 * What an {@code UpdateUser} call changes: null leaves a field as it is. An empty {@code company} or
 * {@code department} takes the user out of it.
 */
public record UserChanges(
        String username,
        String email,
        String firstName,
        String lastName,
        String notes,
        String phone,
        String location,
        String department,
        Boolean disabled,
        String company,
        String password,
        Boolean sendEmail,
        String greeting,
        String signature,
        Boolean outOfOffice,
        Boolean isAdmin,
        Boolean isTech,
        Boolean isManager) {}

package dev.relaydesk.user.account;

/**
 * What a {@code CreateUser} call asks for. A null {@code username} means the e-mail; a null {@code password} means a
 * generated strong one; a {@code company} or {@code department} that does not exist is created.
 */
public record NewUserRequest(
        String email,
        String username,
        String password,
        String firstName,
        String lastName,
        String phone,
        String location,
        String company,
        String department,
        boolean sendWelcomeEmail) {}

package dev.relaydesk.user.department;

/** A department users belong to. */
public record Department(long id, String name) {}

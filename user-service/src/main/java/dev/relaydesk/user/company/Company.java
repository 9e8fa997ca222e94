package dev.relaydesk.user.company;

/** A customer organization; {@code emailDomains} is the seed's semicolon-separated list, or null. */
public record Company(long id, String name, String emailDomains, String notes) {}

package dev.relaydesk.automation.people;

/** What templates and assignment need to know about a user. */
public record Person(long userId, String name, String email, boolean technician, boolean active) {}

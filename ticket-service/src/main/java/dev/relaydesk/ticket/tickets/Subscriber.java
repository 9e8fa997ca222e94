package dev.relaydesk.ticket.tickets;

/** A user subscribed to a ticket's updates, with what the user directory knows of them. */
public record Subscriber(long userId, String username, String email, String firstName, String lastName) {}

package dev.relaydesk.ticket.tickets;

/** A canned response. */
public record CommentTemplate(long id, String name, String body) {}

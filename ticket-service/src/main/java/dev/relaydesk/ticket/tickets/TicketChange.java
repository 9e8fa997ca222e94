package dev.relaydesk.ticket.tickets;

/** One changed field of a ticket: its name, the value before and after (strings, null for none). */
public record TicketChange(String field, String oldValue, String newValue) {}

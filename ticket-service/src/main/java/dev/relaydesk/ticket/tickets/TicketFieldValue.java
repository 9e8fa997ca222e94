package dev.relaydesk.ticket.tickets;

import dev.relaydesk.ticket.customfield.TicketField;

/** A custom field of a ticket with its stored value (null when unset) and what to show for it. */
public record TicketFieldValue(TicketField field, String value, String display) {}

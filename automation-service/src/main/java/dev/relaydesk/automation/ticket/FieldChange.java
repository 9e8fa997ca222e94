package dev.relaydesk.automation.ticket;

/**
 * One field a ticket event changed, named as ticket-service's contract names it ({@code statusId},
 * {@code customField:7}, ...), with values as strings (null when unset).
 */
public record FieldChange(String field, String oldValue, String newValue) {}

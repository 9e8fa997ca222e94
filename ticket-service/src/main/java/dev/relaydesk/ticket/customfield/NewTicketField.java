package dev.relaydesk.ticket.customfield;

import dev.relaydesk.contract.customfield.FieldType;
import java.util.List;

/** What {@code CreateCustomField?type=1} asks for. */
public record NewTicketField(
        String name,
        FieldType type,
        boolean mandatory,
        boolean forTechsOnly,
        List<String> options,
        List<Long> categoryIds) {}

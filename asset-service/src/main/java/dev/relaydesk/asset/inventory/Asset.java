package dev.relaydesk.asset.inventory;

import dev.relaydesk.asset.customfield.CustomFieldValue;
import java.util.List;

/**
 * An asset as the API shows it, with what the local read models add: the company's name, the assigned users, the
 * linked tickets ({@code null} when not loaded: lists leave them out to stay cheap) and their count, and the custom
 * field values.
 */
public record Asset(
        long id,
        String modelName,
        CatalogEntry manufacturer,
        CatalogEntry supplier,
        CatalogEntry type,
        String serialNumber,
        String location,
        String comments,
        int quantity,
        Long companyId,
        String companyName,
        boolean disabled,
        long ticketCount,
        List<AssignedUser> assignedUsers,
        List<LinkedTicket> tickets,
        List<CustomFieldValue> fields) {

    /** A manufacturer, supplier or type: an entity of its own, created on first use by name. */
    public record CatalogEntry(long id, String name) {}

    /** A user the asset is assigned to, as the user read model knows them (names null if it does not yet). */
    public record AssignedUser(long userId, String username, String email, String firstName, String lastName) {}

    /** A ticket the asset is linked to, as the ticket read model knows it. */
    public record LinkedTicket(long ticketId, String subject, Long statusId) {}
}

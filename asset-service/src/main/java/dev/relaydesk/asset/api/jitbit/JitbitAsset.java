package dev.relaydesk.asset.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.asset.customfield.CustomFieldValue;
import dev.relaydesk.asset.inventory.Asset;
import java.util.List;

/**
 * The seed's asset object, field for field and in the seed's order. {@code Tickets} is null in lists (as the seed
 * shows) and filled for a single asset; {@code Attachments} is always null (assets have no attachments here).
 */
record JitbitAsset(
        @JsonProperty("Tickets") List<JitbitAssetTicket> tickets,
        @JsonProperty("AssignedUsers") List<JitbitAssignedUser> assignedUsers,
        @JsonProperty("Fields") List<JitbitAssetField> fields,
        @JsonProperty("Attachments") List<Object> attachments,
        @JsonProperty("ItemID") long itemId,
        @JsonProperty("Manufacturer") String manufacturer,
        @JsonProperty("Supplier") String supplier,
        @JsonProperty("ModelName") String modelName,
        @JsonProperty("TypeID") long typeId,
        @JsonProperty("Type") String type,
        @JsonProperty("ManufacturerID") long manufacturerId,
        @JsonProperty("SupplierID") long supplierId,
        @JsonProperty("SerialNumber") String serialNumber,
        @JsonProperty("Location") String location,
        @JsonProperty("Comments") String comments,
        @JsonProperty("Quantity") int quantity,
        @JsonProperty("TicketCount") long ticketCount,
        @JsonProperty("Company") String company,
        @JsonProperty("CompanyID") Long companyId) {

    static JitbitAsset of(Asset a) {
        return new JitbitAsset(
                a.tickets() == null
                        ? null
                        : a.tickets().stream().map(JitbitAssetTicket::of).toList(),
                a.assignedUsers().stream().map(JitbitAssignedUser::of).toList(),
                a.fields().stream().map(JitbitAssetField::of).toList(),
                null,
                a.id(),
                a.manufacturer().name(),
                a.supplier().name(),
                a.modelName(),
                a.type().id(),
                a.type().name(),
                a.manufacturer().id(),
                a.supplier().id(),
                a.serialNumber(),
                a.location(),
                a.comments(),
                a.quantity(),
                a.ticketCount(),
                a.companyName(),
                a.companyId());
    }

    /** A ticket the asset is involved in. */
    record JitbitAssetTicket(
            @JsonProperty("TicketID") long ticketId,
            @JsonProperty("Subject") String subject,
            @JsonProperty("StatusID") Long statusId) {

        static JitbitAssetTicket of(Asset.LinkedTicket t) {
            return new JitbitAssetTicket(t.ticketId(), t.subject(), t.statusId());
        }
    }

    /**
     * A user the asset is assigned to, with the seed's user field names; {@code FullName} is first and last name, or
     * the username when both are empty (as the seed's user object shows it).
     */
    record JitbitAssignedUser(
            @JsonProperty("UserID") long userId,
            @JsonProperty("Username") String username,
            @JsonProperty("Email") String email,
            @JsonProperty("FirstName") String firstName,
            @JsonProperty("LastName") String lastName,
            @JsonProperty("FullName") String fullName) {

        static JitbitAssignedUser of(Asset.AssignedUser u) {
            String full = ((u.firstName() == null ? "" : u.firstName()) + " "
                            + (u.lastName() == null ? "" : u.lastName()))
                    .trim();
            return new JitbitAssignedUser(
                    u.userId(),
                    u.username(),
                    u.email(),
                    u.firstName(),
                    u.lastName(),
                    full.isEmpty() ? u.username() : full);
        }
    }

    /** A custom field with the asset's value, in the shape of the seed's {@code UserCustomFields} entries. */
    record JitbitAssetField(
            @JsonProperty("FieldName") String fieldName,
            @JsonProperty("FieldID") long fieldId,
            @JsonProperty("Type") int type,
            @JsonProperty("Value") String value) {

        static JitbitAssetField of(CustomFieldValue v) {
            return new JitbitAssetField(v.fieldName(), v.fieldId(), v.type().code(), v.value());
        }
    }
}

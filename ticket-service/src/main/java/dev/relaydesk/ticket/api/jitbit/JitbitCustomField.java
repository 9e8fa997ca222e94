package dev.relaydesk.ticket.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.contract.customfield.FieldType;
import dev.relaydesk.ticket.customfield.TicketField;
import java.util.List;

/** A ticket field definition in the shape of the seed's {@code CustomFieldsForCategory}. */
record JitbitCustomField(
        @JsonProperty("FieldName") String fieldName,
        @JsonProperty("FieldID") long fieldId,
        @JsonProperty("Type") int type,
        @JsonProperty("UsageType") int usageType,
        @JsonProperty("ForTechsOnly") boolean forTechsOnly,
        @JsonProperty("Mandatory") boolean mandatory,
        @JsonProperty("OrderByNumber") int orderByNumber,
        @JsonProperty("ShowInGrid") boolean showInGrid,
        @JsonProperty("SelectionComboOptions") List<JitbitOption> selectionComboOptions) {

    static JitbitCustomField of(TicketField f) {
        return new JitbitCustomField(
                f.name(),
                f.id(),
                f.type().code(),
                TicketField.USAGE_TYPE,
                f.forTechsOnly(),
                f.mandatory(),
                f.position(),
                f.showInGrid(),
                f.type() == FieldType.SELECTION_COMBO
                        ? f.options().stream()
                                .map(o -> new JitbitOption(o.id(), o.name()))
                                .toList()
                        : null);
    }

    /** A selection combo option. */
    record JitbitOption(@JsonProperty("OptionID") long optionId, @JsonProperty("Name") String name) {}
}

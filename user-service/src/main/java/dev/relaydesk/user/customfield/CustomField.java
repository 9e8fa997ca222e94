package dev.relaydesk.user.customfield;

import dev.relaydesk.contract.customfield.FieldType;
import java.util.List;

/** A user or company custom field's definition; {@code options} only for selection combos. */
public record CustomField(
        long id, Usage usage, String name, FieldType type, boolean mandatory, int position, List<Option> options) {

    /** A selection combo's option. */
    public record Option(long id, String name) {}
}

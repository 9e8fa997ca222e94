package dev.relaydesk.ticket.customfield;

import dev.relaydesk.contract.customfield.FieldType;
import java.util.List;

/**
 * A ticket custom field's definition; {@code options} only for selection combos; {@code categoryIds} empty when the
 * field applies to every category.
 */
public record TicketField(
        long id,
        String name,
        FieldType type,
        boolean mandatory,
        boolean forTechsOnly,
        boolean showInGrid,
        int position,
        List<Option> options,
        List<Long> categoryIds) {

    /** The seed's usage type of ticket fields ({@code CustomFields?type=1}). */
    public static final int USAGE_TYPE = 1;

    public boolean appliesTo(long categoryId) {
        return categoryIds.isEmpty() || categoryIds.contains(categoryId);
    }

    /** What to show for a stored value: a combo's option name, otherwise the value itself. */
    public String display(String stored) {
        if (stored == null || type != FieldType.SELECTION_COMBO) {
            return stored;
        }
        return options.stream()
                .filter(o -> Long.toString(o.id()).equals(stored))
                .map(Option::name)
                .findFirst()
                .orElse(stored);
    }

    /** A selection combo's option. */
    public record Option(long id, String name) {}
}

package dev.relaydesk.asset.customfield;

import dev.relaydesk.contract.customfield.FieldType;
import java.util.List;

/** An asset custom field's definition; {@code options} only for selection combos. */
public record CustomField(long id, String name, FieldType type, boolean mandatory, int position, List<Option> options) {

    /** The seed's usage type of asset custom fields ({@code CustomFields?type=2}). */
    public static final int ASSET_USAGE = 2;

    /** A selection combo's option. */
    public record Option(long id, String name) {}
}

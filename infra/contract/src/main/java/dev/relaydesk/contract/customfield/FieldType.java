package dev.relaydesk.contract.customfield;

import java.util.Optional;

/**
 * The primary dialect's custom field types, the same for tickets, assets, users and companies: Text = 1, Date = 2,
 * SelectionCombo = 3, Checkbox = 4, MultilineText = 5.
 */
public enum FieldType {
    TEXT(1),
    DATE(2),
    SELECTION_COMBO(3),
    CHECKBOX(4),
    MULTILINE_TEXT(5);

    private final int code;

    FieldType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<FieldType> of(int code) {
        for (FieldType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}

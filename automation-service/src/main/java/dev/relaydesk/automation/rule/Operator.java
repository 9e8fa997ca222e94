package dev.relaydesk.automation.rule;

import java.util.Arrays;
import java.util.Optional;

/** How a condition compares a ticket field with its value. */
public enum Operator {
    IS("is"),
    IS_NOT("is-not"),
    CHANGED("changed"),
    CHANGED_TO("changed-to"),
    CONTAINS("contains"),
    DOES_NOT_CONTAIN("does-not-contain"),
    GREATER("greater"),
    LESS("less"),
    BEFORE("before"),
    AFTER("after"),
    WITHIN("within");

    private final String wire;

    Operator(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Operator> of(String wire) {
        String normalized = wire.trim().replace(' ', '-').replace('_', '-');
        return Arrays.stream(values())
                .filter(o -> o.wire.equalsIgnoreCase(normalized))
                .findFirst();
    }
}

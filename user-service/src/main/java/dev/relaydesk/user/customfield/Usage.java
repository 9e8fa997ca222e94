package dev.relaydesk.user.customfield;

import java.util.Optional;

/** What a custom field belongs to, numbered as the seed's {@code CustomFields?type=} (3 users, 4 companies). */
public enum Usage {
    USER(3),
    COMPANY(4);

    private final int code;

    Usage(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<Usage> of(int code) {
        for (Usage usage : values()) {
            if (usage.code == code) {
                return Optional.of(usage);
            }
        }
        return Optional.empty();
    }
}

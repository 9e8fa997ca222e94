package dev.relaydesk.contract;

import java.util.Locale;
import java.util.Optional;

/** What a caller may do, as carried in the internal token's {@code roles} claim. */
public enum Role {
    /** Helpdesk administrator: manages everything in the tenant. */
    ADMIN,
    /** Technician: works tickets in the categories they are permitted in. */
    TECHNICIAN,
    /** Manager: sees the tickets of their company. */
    MANAGER,
    /** Regular end user. */
    USER,
    /** The gateway itself, calling a service on its own behalf (credential checks); never granted to a user. */
    GATEWAY;

    private final String claim = name().toLowerCase(Locale.ROOT);

    public String claim() {
        return claim;
    }

    /** The role a claim names, in any case; empty for names the platform does not know. */
    public static Optional<Role> fromClaim(String claim) {
        for (Role role : values()) {
            if (role.claim.equalsIgnoreCase(claim)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}

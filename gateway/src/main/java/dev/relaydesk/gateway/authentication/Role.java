package dev.relaydesk.gateway.authentication;

import java.util.Locale;
import java.util.Optional;

/**
 * What a caller may do, as the services read it from the internal token's {@code roles} claim (the same names as the
 * services' {@code Role}).
 */
public enum Role {
    ADMIN,
    TECHNICIAN,
    MANAGER,
    USER,
    /** The gateway itself, calling a service on its own behalf; never granted to a user. */
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

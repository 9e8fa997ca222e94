package dev.relaydesk.gateway.authentication;

import dev.relaydesk.contract.Role;
import dev.relaydesk.contract.TenantId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Whom a request comes from, once the gateway has verified it: what the internal token says (tenant, user id, roles).
 * Also the key under which a minted token is reused.
 */
public record Caller(TenantId tenant, long userId, Set<Role> roles) {

    public Caller {
        EnumSet<Role> copy = EnumSet.noneOf(Role.class);
        copy.addAll(roles);
        roles = Collections.unmodifiableSet(copy);
    }

    /** The gateway acting for itself in {@code tenant} (user id 0), as it does to verify credentials. */
    public static Caller gateway(TenantId tenant) {
        return new Caller(tenant, 0, EnumSet.of(Role.GATEWAY));
    }

    /** The roles as the token claims them: lowercase, in a stable order. */
    public List<String> roleClaims() {
        return roles.stream().map(Role::claim).toList();
    }
}

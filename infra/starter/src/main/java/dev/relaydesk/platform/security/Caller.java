package dev.relaydesk.platform.security;

import dev.relaydesk.contract.Role;
import dev.relaydesk.contract.TenantId;
import java.util.Set;

/**
 * Who is calling: the tenant, user and roles the gateway vouched for in the internal token. Handlers take it as a
 * parameter; use cases decide permissions with it.
 */
public record Caller(TenantId tenant, long userId, Set<Role> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean is(Role role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return is(Role.ADMIN);
    }

    /** Administrators count as technicians everywhere a technician may act. */
    public boolean isTechnician() {
        return is(Role.TECHNICIAN) || isAdmin();
    }
}

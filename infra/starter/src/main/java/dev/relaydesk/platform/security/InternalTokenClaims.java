package dev.relaydesk.platform.security;

/** Claim names of the internal token; the gateway writes them, every service reads them. */
public final class InternalTokenClaims {

    public static final String TENANT = "tenant";
    public static final String ROLES = "roles";

    private InternalTokenClaims() {}
}

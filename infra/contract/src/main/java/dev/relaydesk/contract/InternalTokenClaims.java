package dev.relaydesk.contract;

/** The internal token the gateway mints and every service accepts: its claims and default issuer and audience. */
public final class InternalTokenClaims {

    public static final String TENANT = "tenant";
    public static final String ROLES = "roles";
    public static final String DEFAULT_ISSUER = "relaydesk-gateway";
    public static final String DEFAULT_AUDIENCE = "relaydesk-services";

    private InternalTokenClaims() {}
}

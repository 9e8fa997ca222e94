package dev.relaydesk.platform.outbox;

/** The CloudEvents attributes Relaydesk adds to the standard ones. */
public final class EventEnvelope {

    /** CloudEvents extension carrying the tenant slug of every event. */
    public static final String TENANT_EXTENSION = "tenant";

    private EventEnvelope() {}
}

package dev.relaydesk.ticket.tickets;

import java.util.Optional;

/** Where a ticket came from (the seed's {@code origin}, shown as its name in ticket lists). */
public enum Origin {
    WebApp,
    Email,
    Widget,
    API,
    Scheduler,
    MobileApp,
    Phone,
    LiveChat,
    InPerson;

    public static Optional<Origin> of(int code) {
        return code >= 0 && code < values().length ? Optional.of(values()[code]) : Optional.empty();
    }
}

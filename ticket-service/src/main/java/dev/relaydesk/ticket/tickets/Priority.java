package dev.relaydesk.ticket.tickets;

/** The seed's priorities: -1 Low, 0 Normal, 1 High, 2 Critical. */
public final class Priority {

    private Priority() {}

    public static boolean isValid(long value) {
        return value >= -1 && value <= 2;
    }
}

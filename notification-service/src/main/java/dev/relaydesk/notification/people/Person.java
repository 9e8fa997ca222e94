package dev.relaydesk.notification.people;

/** A user as notifications need them. Technicians include administrators. */
public record Person(long userId, String email, String name, boolean isAdmin, boolean isTech, boolean disabled) {

    public boolean isTechnician() {
        return isAdmin || isTech;
    }
}

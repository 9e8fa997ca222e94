package dev.relaydesk.ticket.category;

/** A possible assignee of a category's tickets, with the number of open tickets assigned to them. */
public record Technician(long userId, String username, String firstName, String lastName, long ticketsAssigned) {

    public String fullName() {
        String full = (firstName + " " + lastName).trim();
        return full.isEmpty() ? username : full;
    }

    /** {@code First Last (login)}, or just the name when it is the login. */
    public String fullNameAndLogin() {
        String full = (firstName + " " + lastName).trim();
        return full.isEmpty() || full.equals(username) ? fullName() : full + " (" + username + ")";
    }
}

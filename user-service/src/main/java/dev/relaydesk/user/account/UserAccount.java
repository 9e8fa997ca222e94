package dev.relaydesk.user.account;

import java.time.Instant;

/** A helpdesk user as user-service keeps it (the password hash never leaves this service). */
public record UserAccount(
        long id,
        String username,
        String email,
        String firstName,
        String lastName,
        String notes,
        String location,
        String phone,
        Long companyId,
        Long departmentId,
        String ipAddress,
        String hostName,
        String lang,
        String userAgent,
        String avatarUrl,
        String signature,
        String greeting,
        boolean admin,
        boolean technician,
        boolean manager,
        boolean disabled,
        boolean sendEmail,
        Instant lastSeen,
        boolean outOfOffice,
        String companyName,
        String companyNotes,
        String departmentName) {

    /** "First Last", or the login name when the user has no name. */
    public String fullName() {
        String full = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
        return full.isEmpty() ? username : full;
    }

    /** The full name followed by the login name, unless they are the same. */
    public String fullNameAndLogin() {
        String full = fullName();
        return full.equals(username) ? full : full + " (" + username + ")";
    }
}

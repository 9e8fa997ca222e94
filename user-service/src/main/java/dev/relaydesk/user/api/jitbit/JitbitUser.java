package dev.relaydesk.user.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.user.account.UserAccount;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The primary dialect's user object, field for field as seed 000 shows it. */
record JitbitUser(
        @JsonProperty("UserID") long userId,
        @JsonProperty("Username") String username,
        @JsonProperty("Email") String email,
        @JsonProperty("FirstName") String firstName,
        @JsonProperty("LastName") String lastName,
        @JsonProperty("Notes") String notes,
        @JsonProperty("Location") String location,
        @JsonProperty("Phone") String phone,
        @JsonProperty("Department") String department,
        @JsonProperty("CompanyName") String companyName,
        @JsonProperty("IPAddress") String ipAddress,
        @JsonProperty("HostName") String hostName,
        @JsonProperty("Lang") String lang,
        @JsonProperty("UserAgent") String userAgent,
        @JsonProperty("AvatarURL") String avatarUrl,
        @JsonProperty("Signature") String signature,
        @JsonProperty("Greeting") String greeting,
        @JsonProperty("CompanyId") Long companyId,
        @JsonProperty("IsAdmin") boolean isAdmin,
        @JsonProperty("Disabled") boolean disabled,
        @JsonProperty("SendEmail") boolean sendEmail,
        @JsonProperty("IsTech") boolean isTech,
        @JsonProperty("LastSeen") String lastSeen,
        @JsonProperty("IsManager") boolean isManager) {

    static JitbitUser of(UserAccount u) {
        return new JitbitUser(
                u.id(),
                u.username(),
                u.email(),
                u.firstName(),
                u.lastName(),
                u.notes(),
                u.location(),
                u.phone(),
                u.departmentName(),
                u.companyName(),
                u.ipAddress(),
                u.hostName(),
                u.lang(),
                u.userAgent(),
                u.avatarUrl(),
                u.signature(),
                u.greeting(),
                u.companyId(),
                u.admin(),
                u.disabled(),
                u.sendEmail(),
                u.technician(),
                formatInstant(u.lastSeen()),
                u.manager());
    }

    /** Seed format: {@code 2020-02-28T04:48:00Z} (seconds, UTC). */
    static String formatInstant(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}

package dev.relaydesk.user.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.user.account.UserAccount;

/**
 * The full user object of {@code User}, {@code UserByEmail} and {@code UserByUsername}, field for field as seed 000
 * shows it ({@code Password} is always null).
 */
record JitbitUserDetails(
        @JsonProperty("UserID") long userId,
        @JsonProperty("Username") String username,
        @JsonProperty("Password") String password,
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
        @JsonProperty("CompanyNotes") String companyNotes,
        @JsonProperty("IsAdmin") boolean isAdmin,
        @JsonProperty("Disabled") boolean disabled,
        @JsonProperty("SendEmail") boolean sendEmail,
        @JsonProperty("IsTech") boolean isTech,
        @JsonProperty("LastSeen") String lastSeen,
        @JsonProperty("IsManager") boolean isManager,
        @JsonProperty("PushToken") String pushToken,
        @JsonProperty("FullNameAndLogin") String fullNameAndLogin,
        @JsonProperty("FullName") String fullName) {

    static JitbitUserDetails of(UserAccount u) {
        return new JitbitUserDetails(
                u.id(),
                u.username(),
                null,
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
                u.companyNotes(),
                u.admin(),
                u.disabled(),
                u.sendEmail(),
                u.technician(),
                JitbitUser.formatInstant(u.lastSeen()),
                u.manager(),
                null,
                u.fullNameAndLogin(),
                u.fullName());
    }
}

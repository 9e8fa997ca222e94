package dev.relaydesk.user.api.jitbit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaydesk.user.account.UserAccount;

/** One entry of {@code Users}, field for field as seed 000 shows it. */
record JitbitUserListItem(
        @JsonProperty("UserID") long userId,
        @JsonProperty("FirstName") String firstName,
        @JsonProperty("LastName") String lastName,
        @JsonProperty("Notes") String notes,
        @JsonProperty("Location") String location,
        @JsonProperty("Phone") String phone,
        @JsonProperty("CompanyName") String companyName,
        @JsonProperty("CompanyId") Long companyId,
        @JsonProperty("DepartmentID") Long departmentId,
        @JsonProperty("LastSeen") String lastSeen,
        @JsonProperty("Username") String username,
        @JsonProperty("Email") String email,
        @JsonProperty("IsAdmin") boolean isAdmin,
        @JsonProperty("Disabled") boolean disabled) {

    static JitbitUserListItem of(UserAccount u) {
        return new JitbitUserListItem(
                u.id(),
                u.firstName(),
                u.lastName(),
                u.notes(),
                u.location(),
                u.phone(),
                u.companyName(),
                u.companyId(),
                u.departmentId(),
                JitbitUser.formatInstant(u.lastSeen()),
                u.username(),
                u.email(),
                u.admin(),
                u.disabled());
    }
}

package dev.relaydesk.user.company;

import java.time.Instant;

/** Published as {@code relaydesk.company.updated.v1} on {@code user.companies}, with the company as it now is. */
public record CompanyUpdated(long companyId, String name, String emailDomains, String notes, Instant occurredAt) {

    public static final String TYPE = "relaydesk.company.updated.v1";
}

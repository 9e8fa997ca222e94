package dev.relaydesk.user.company;

import java.time.Instant;

/** Published as {@code relaydesk.company.created.v1} on {@code user.companies}. */
public record CompanyCreated(long companyId, String name, String emailDomains, String notes, Instant occurredAt) {

    public static final String TYPE = "relaydesk.company.created.v1";
    public static final String TOPIC = "user.companies";
}

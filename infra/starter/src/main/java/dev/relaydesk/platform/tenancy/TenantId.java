package dev.relaydesk.platform.tenancy;

import java.util.regex.Pattern;

/** A tenant, named by the slug that is also the first label of its host name ({@code acme} in acme.example.com). */
public record TenantId(String value) {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    public TenantId {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid tenant id: " + value);
        }
    }

    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}

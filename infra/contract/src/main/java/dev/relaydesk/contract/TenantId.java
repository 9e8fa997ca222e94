package dev.relaydesk.contract;

import java.util.regex.Pattern;

/**
 * A tenant, named by the slug that is also the first label of its host name ({@code acme} in acme.example.com). The
 * gateway and the services apply the same rule, so a token never carries a tenant a service would refuse.
 */
public record TenantId(String value) {

    /** Lowercase letters, digits and inner hyphens, 1 to 63 characters (a DNS label). */
    public static final String SLUG = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";

    private static final Pattern PATTERN = Pattern.compile(SLUG);

    public TenantId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("invalid tenant id");
        }
    }

    public static boolean isValid(String value) {
        return value != null && value.length() <= 63 && PATTERN.matcher(value).matches();
    }

    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}

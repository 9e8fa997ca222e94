package dev.relaydesk.contract;

/**
 * A tenant, named by the slug that is also the first label of its host name ({@code acme} in acme.example.com). The
 * gateway and the services apply the same rule, so a token never carries a tenant a service would refuse.
 */
public record TenantId(String value) {

    /** Lowercase letters, digits and inner hyphens, 1 to 63 characters (a DNS label). */
    public static final String SLUG = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";

    public TenantId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("invalid tenant id");
        }
    }

    /** Same rule as {@link #SLUG}, without a regex: this runs on every request. */
    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > 63) {
            return false;
        }
        int last = value.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = value.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alphanumeric && !(c == '-' && i > 0 && i < last)) {
                return false;
            }
        }
        return true;
    }

    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}

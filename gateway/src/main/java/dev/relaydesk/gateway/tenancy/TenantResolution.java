package dev.relaydesk.gateway.tenancy;

import dev.relaydesk.contract.TenantId;
import dev.relaydesk.gateway.config.GatewayProperties;
import java.util.Locale;

/**
 * Finds the tenant of a request, in this order: the first label of a host name of at least three labels
 * ({@code acme.example.com} is {@code acme}; {@code localhost} and IP addresses name none), the tenant header where the
 * deployment allows it, the default tenant. A named tenant that is not a valid slug is refused, never replaced by the
 * default.
 */
public final class TenantResolution {

    private final boolean headerEnabled;
    private final TenantId defaultTenant;

    public TenantResolution(GatewayProperties.Tenancy tenancy) {
        this.headerEnabled = tenancy.headerEnabled();
        this.defaultTenant = new TenantId(tenancy.defaultTenant());
    }

    /** What a request named: a tenant, or a name that is not a valid tenant. */
    public sealed interface Outcome {}

    /** The request belongs to {@code tenant}. */
    public record Resolved(TenantId tenant) implements Outcome {}

    /** The request named a tenant, but not a valid slug. */
    public record Invalid(String source) implements Outcome {}

    /**
     * @param host the {@code Host} header (may carry a port; may be null)
     * @param header the tenant header's value (may be null); ignored unless the header is enabled
     */
    public Outcome resolve(String host, String header) {
        String label = firstLabel(host);
        if (label != null) {
            return TenantId.isValid(label) ? new Resolved(new TenantId(label)) : new Invalid("host");
        }
        if (headerEnabled && header != null && !header.isEmpty()) {
            return TenantId.isValid(header) ? new Resolved(new TenantId(header)) : new Invalid("header");
        }
        return new Resolved(defaultTenant);
    }

    /** The first label of a host name with at least three labels, lowercased; null for IP addresses and short names. */
    static String firstLabel(String host) {
        if (host == null || host.isEmpty() || host.charAt(0) == '[') {
            return null; // none, or an IPv6 literal
        }
        int colon = host.lastIndexOf(':');
        String name = colon >= 0 ? host.substring(0, colon) : host;
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1); // fully qualified form
        }
        int firstDot = name.indexOf('.');
        int lastDot = name.lastIndexOf('.');
        if (firstDot <= 0 || firstDot == lastDot) {
            return null; // fewer than three labels
        }
        if (isNumeric(name, lastDot + 1)) {
            return null; // an IPv4 address: no top-level domain is numeric
        }
        return name.substring(0, firstDot).toLowerCase(Locale.ROOT);
    }

    private static boolean isNumeric(String name, int from) {
        if (from >= name.length()) {
            return false;
        }
        for (int i = from; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}

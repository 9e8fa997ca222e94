package dev.relaydesk.gateway.tenancy;

import dev.relaydesk.gateway.config.GatewayProperties;
import java.util.regex.Pattern;

/**
 * A tenant, named by the slug that is also the first label of its host name ({@code acme} in acme.example.com). The
 * same rule as the services' {@code TenantId}: a token never carries a tenant a service would refuse.
 */
public record TenantId(String value) {

    private static final Pattern SLUG = Pattern.compile(GatewayProperties.TENANT_SLUG);

    public TenantId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("invalid tenant id");
        }
    }

    public static boolean isValid(String value) {
        return value != null && value.length() <= 63 && SLUG.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}

package dev.relaydesk.gateway.tenancy;

import dev.relaydesk.gateway.config.GatewayProperties;
import dev.relaydesk.gateway.web.DialectErrors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tenant resolution as configured under {@code relaydesk.gateway.tenancy}. */
@Configuration(proxyBeanMethods = false)
public class TenancyConfiguration {

    @Bean
    TenantResolutionFilter tenantResolutionFilter(GatewayProperties properties, DialectErrors errors) {
        return new TenantResolutionFilter(
                new TenantResolution(properties.tenancy()), properties.tenancy().header(), errors);
    }
}

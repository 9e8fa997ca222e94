package dev.relaydesk.gateway.token;

import dev.relaydesk.gateway.config.GatewayProperties;
import java.time.Duration;

/** The internal-token settings the gateway's tests mint with: the defaults of application.yml, an ephemeral key. */
public final class TokenSettings {

    private TokenSettings() {}

    /** Issuer relaydesk-gateway, audience relaydesk-services, 5 minutes' lifetime, renewed with 1 minute left. */
    public static GatewayProperties.Token forTests() {
        return new GatewayProperties.Token(
                null, "relaydesk-gateway", "relaydesk-services", Duration.ofMinutes(5), Duration.ofMinutes(1), 100);
    }
}

package dev.relaydesk.platform.config;

import dev.relaydesk.contract.InternalTokenClaims;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * Everything the shared platform code of a service can be told, under {@code relaydesk.platform}. Validated when the
 * service starts, so a misconfigured service stops with a message instead of failing on its first request.
 */
@ConfigurationProperties("relaydesk.platform")
public record PlatformProperties(
        @DefaultValue Security security,
        @DefaultValue Tenancy tenancy,
        @DefaultValue Outbox outbox,
        @DefaultValue Inbox inbox,
        @DefaultValue Database database) {

    public PlatformProperties {
        if (security.jwkSetUri() == null && security.publicKey() == null) {
            throw new IllegalArgumentException("relaydesk.platform.security: set jwk-set-uri (the gateway's"
                    + " /.well-known/jwks.json) or public-key (a PEM file) so the service can verify internal tokens");
        }
        if (outbox.batchSize() < 1) {
            throw new IllegalArgumentException("relaydesk.platform.outbox.batch-size must be at least 1");
        }
    }

    /**
     * How internal tokens minted by the gateway are verified.
     *
     * @param jwkSetUri the gateway's JWKS URL
     * @param publicKey alternatively, the gateway's RSA public key as a PEM resource
     * @param issuer the expected {@code iss} claim
     * @param audience the expected {@code aud} claim
     */
    public record Security(
            String jwkSetUri,
            Resource publicKey,
            @DefaultValue(InternalTokenClaims.DEFAULT_ISSUER) String issuer,
            @DefaultValue(InternalTokenClaims.DEFAULT_AUDIENCE) String audience) {}

    /**
     * @param enforceRowLevelSecurity refuse to start when the application's database role could bypass row-level
     *     security or a tenant table has no policy
     */
    public record Tenancy(@DefaultValue("true") boolean enforceRowLevelSecurity) {}

    /**
     * @param relayEnabled whether this replica publishes outbox rows (every replica may; they take turns)
     * @param pollInterval how often the relay looks for rows another replica or a crash left behind
     * @param batchSize the most rows one relay transaction publishes
     */
    public record Outbox(
            @DefaultValue("true") boolean relayEnabled,
            @DefaultValue("250ms") Duration pollInterval,
            @DefaultValue("200") int batchSize) {}

    /**
     * @param retention how long applied event ids are remembered; longer than any topic's retention
     * @param pruneInterval how often older ids are deleted
     */
    public record Inbox(@DefaultValue("14d") Duration retention, @DefaultValue("1h") Duration pruneInterval) {}

    /**
     * @param provisionAppRole after migrating, create the R2DBC login role (when missing) and grant it data access; the
     *     role then owns nothing and so is subject to row-level security
     */
    public record Database(@DefaultValue("true") boolean provisionAppRole) {}
}

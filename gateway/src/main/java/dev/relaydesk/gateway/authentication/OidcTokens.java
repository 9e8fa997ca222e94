package dev.relaydesk.gateway.authentication;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import dev.relaydesk.gateway.config.GatewayProperties;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Validates OAuth2/OIDC access tokens of the configured external issuer (signature against its JWK set, expiry,
 * issuer, audience) with Spring Security's reactive Nimbus decoder. The JWK set is fetched without blocking and
 * cached by the decoder.
 */
final class OidcTokens {

    /** Who a valid token names, and until when it is valid. */
    record Identity(String email, String subject, Instant expiresAt) {}

    /** The token is well-formed but not acceptable (bad signature, expired, wrong audience...). */
    static final class Rejected extends RuntimeException {
        Rejected() {
            super("the JWT is not acceptable", null, false, false);
        }
    }

    private final String issuer;
    private final ReactiveJwtDecoder decoder;
    private final String emailClaim;
    private final String subjectClaim;

    OidcTokens(GatewayProperties.Oidc settings) {
        this.issuer = settings.issuerUri() == null ? null : settings.issuerUri().toString();
        NimbusReactiveJwtDecoder nimbus = settings.jwkSetUri() != null
                ? NimbusReactiveJwtDecoder.withJwkSetUri(settings.jwkSetUri().toString())
                        .build()
                : NimbusReactiveJwtDecoder.withIssuerLocation(issuer).build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(issuer != null ? JwtValidators.createDefaultWithIssuer(issuer) : JwtValidators.createDefault());
        if (settings.audience() != null && !settings.audience().isBlank()) {
            validators.add(new JwtClaimValidator<List<String>>(
                    "aud", aud -> aud != null && aud.contains(settings.audience())));
        }
        nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        this.decoder = nimbus;
        this.emailClaim = settings.emailClaim();
        this.subjectClaim = settings.subjectClaim();
    }

    /** Whether a Bearer value is a JWT of this issuer (read, not yet verified). */
    boolean isIssuersJwt(String bearer) {
        if (bearer.indexOf('.') < 0) {
            return false;
        }
        try {
            JWT jwt = JWTParser.parse(bearer);
            String iss = jwt.getJWTClaimsSet().getIssuer();
            return issuer == null ? iss != null : issuer.equals(iss);
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    /** The identity of a valid token; fails with {@link Rejected} for an unacceptable one. */
    Mono<Identity> validate(String bearer) {
        return decoder.decode(bearer)
                .onErrorMap(BadJwtException.class, e -> new Rejected())
                .map(jwt -> new Identity(
                        jwt.getClaimAsString(emailClaim), jwt.getClaimAsString(subjectClaim), jwt.getExpiresAt()));
    }
}

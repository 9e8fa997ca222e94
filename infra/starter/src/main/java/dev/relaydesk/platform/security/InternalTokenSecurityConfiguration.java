package dev.relaydesk.platform.security;

import dev.relaydesk.platform.config.PlatformProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.HttpStatusServerEntryPoint;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * Every service is an OAuth2 resource server that accepts only the gateway's internal token (RS256, verified against
 * the gateway's JWKS or public key, with issuer and audience checked). A service reached without the gateway answers
 * 401. Health and metrics stay open for probes and scraping.
 */
@AutoConfiguration
@EnableWebFluxSecurity
public class InternalTokenSecurityConfiguration {

    @Bean
    ReactiveJwtDecoder internalTokenDecoder(PlatformProperties properties) throws Exception {
        PlatformProperties.Security security = properties.security();
        NimbusReactiveJwtDecoder decoder = security.publicKey() != null
                ? NimbusReactiveJwtDecoder.withPublicKey(readPublicKey(security))
                        .build()
                : NimbusReactiveJwtDecoder.withJwkSetUri(security.jwkSetUri()).build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<java.util.List<String>>(
                "aud", aud -> aud != null && aud.contains(security.audience()));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(security.issuer()), audience));
        return new VerifiedTokenCache(decoder, 10_000, Clock.systemUTC());
    }

    /**
     * No Spring Security observations. They add a span and a timer around every security filter, authentication and
     * authorization of every request: under load that was the largest single cost in the services' request path after
     * the database driver, and no dashboard reads them. A request keeps its own {@code http.server.requests}
     * observation and trace span; refused credentials still answer 401 and are counted there by status.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityWebFilterChain internalTokenFilterChain(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .exceptionHandling(
                        e -> e.authenticationEntryPoint(new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED)))
                .authorizeExchange(auth -> auth.pathMatchers(
                                "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
                        .permitAll()
                        .anyExchange()
                        .authenticated())
                .oauth2ResourceServer(
                        rs -> rs.authenticationEntryPoint(new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED))
                                .bearerTokenConverter(new BearerTokenHeaderConverter())
                                .jwt(jwt -> jwt.jwtDecoder(decoder)
                                        .jwtAuthenticationConverter(new CallerAuthenticationConverter())))
                .build();
    }

    @Bean
    WebFluxConfigurer callerArgument() {
        return new WebFluxConfigurer() {
            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(new CallerArgumentResolver());
            }
        };
    }

    private static RSAPublicKey readPublicKey(PlatformProperties.Security security) throws Exception {
        try (InputStream in = security.publicKey().getInputStream()) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read relaydesk.platform.security.public-key", e);
        }
    }
}

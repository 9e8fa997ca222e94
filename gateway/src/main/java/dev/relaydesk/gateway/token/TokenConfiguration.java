package dev.relaydesk.gateway.token;

import dev.relaydesk.gateway.config.GatewayProperties;
import dev.relaydesk.gateway.web.PublicPaths;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Internal token minting as configured under {@code relaydesk.gateway.token}, and the JWKS endpoint. */
@Configuration(proxyBeanMethods = false)
public class TokenConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TokenConfiguration.class);

    @Bean
    SigningKey signingKey(GatewayProperties properties) {
        if (properties.token().signingKey() != null) {
            SigningKey key = SigningKey.fromPem(properties.token().signingKey());
            log.info("Signing internal tokens with the configured key {}", key.keyId());
            return key;
        }
        SigningKey key = SigningKey.ephemeral();
        log.warn(
                "relaydesk.gateway.token.signing-key is not set: signing internal tokens with an ephemeral key {}."
                        + " Tokens will not survive a restart and replicas will not share a key;"
                        + " configure a PKCS#8 PEM key in production.",
                key.keyId());
        return key;
    }

    @Bean
    InternalTokenMinting internalTokenMinting(SigningKey key, GatewayProperties properties) {
        return new InternalTokenMinting(key, properties.token());
    }

    @Bean
    InternalTokenRelay internalTokenRelay(InternalTokenMinting tokens) {
        return new InternalTokenRelay(tokens);
    }

    /** {@code GET /.well-known/jwks.json}: the public key services verify internal tokens with. */
    @Bean
    RouterFunction<ServerResponse> jwksEndpoint(SigningKey key) {
        String jwks = key.jwkSetJson();
        CacheControl cache = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();
        return RouterFunctions.route(RequestPredicates.GET(PublicPaths.JWKS), request -> ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .cacheControl(cache)
                .bodyValue(jwks));
    }
}

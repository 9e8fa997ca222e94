package dev.relaydesk.gateway.authentication;

import dev.relaydesk.gateway.config.GatewayProperties;
import dev.relaydesk.gateway.events.AuthenticationEvents;
import dev.relaydesk.gateway.lockout.LoginLockout;
import dev.relaydesk.gateway.token.InternalTokenMinting;
import dev.relaydesk.gateway.web.ClientAddress;
import dev.relaydesk.gateway.web.DialectErrors;
import io.netty.channel.ChannelOption;
import java.net.URI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.netty.http.client.HttpClient;

/** Caller authentication as configured under {@code relaydesk.gateway.authentication}. */
@Configuration(proxyBeanMethods = false)
public class AuthenticationConfiguration {

    @Bean
    CredentialVerification credentialVerification(GatewayProperties properties, InternalTokenMinting tokens) {
        GatewayProperties.Authentication authentication = properties.authentication();
        URI userService = properties.services().get(authentication.verifyService());
        URI verifyUri = UriComponentsBuilder.fromUri(userService)
                .path(authentication.verifyPath())
                .build()
                .toUri();
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(authentication.verifyTimeout().toMillis(), Integer.MAX_VALUE))
                .responseTimeout(authentication.verifyTimeout());
        WebClient client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
        return new CredentialVerification(
                client,
                verifyUri,
                authentication.verifyTimeout(),
                tokens,
                authentication.cacheTtl(),
                authentication.cacheMaximumSize(),
                authentication.oidc().enabled() ? new OidcTokens(authentication.oidc()) : null);
    }

    @Bean
    ClientAddress clientAddress(GatewayProperties properties) {
        return new ClientAddress(properties.trustedProxies());
    }

    @Bean
    CallerAuthentication callerAuthentication(
            CredentialVerification verification,
            GatewayProperties properties,
            DialectErrors errors,
            LoginLockout lockout,
            ClientAddress clientAddress,
            ObjectProvider<AuthenticationEvents> events) {
        return new CallerAuthentication(
                verification,
                properties.authentication().realm(),
                errors,
                lockout,
                clientAddress,
                events.getIfAvailable());
    }
}

package dev.relaydesk.gateway.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Request ids and dialect-shaped errors, for every request the gateway sees. */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    @Bean
    RequestIdPropagation requestIdPropagation() {
        return new RequestIdPropagation();
    }

    @Bean
    DialectErrors dialectErrors(JsonMapper json) {
        return new DialectErrors(json);
    }

    @Bean
    DialectErrorHandler dialectErrorHandler(DialectErrors errors) {
        return new DialectErrorHandler(errors);
    }
}

package dev.relaydesk.platform.web;

import dev.relaydesk.platform.security.Caller;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * For a service that publishes an OpenAPI description of its own JSON API (springdoc on its class path): the
 * {@link Caller} argument comes from the gateway's token, not from the request, so it is no parameter; the description
 * is titled after the service and its server is the gateway's origin (paths are the same through the gateway).
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springdoc.core.utils.SpringDocUtils")
public class OpenApiDescription {

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenApiCustomizer relaydeskOpenApiDescription(@Value("${spring.application.name:relaydesk}") String service) {
        return api -> {
            api.info(new Info()
                    .title("Relaydesk " + service + " API")
                    .version("v1")
                    .description("Reached through the gateway; every call authenticates like the rest of the API."));
            api.servers(List.of(new Server().url("/")));
        };
    }
}

package dev.relaydesk.platform.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds {@code relaydesk-defaults.properties} as the lowest-precedence property source, so every service starts with
 * the same platform settings (CloudEvents on Kafka, Flyway locations, health groups, structured logs) and any of them
 * can still be overridden in the service's own configuration.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

    static final String NAME = "relaydeskPlatformDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment
                    .getPropertySources()
                    .addLast(new ResourcePropertySource(NAME, new ClassPathResource("relaydesk-defaults.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.relaydesk.testkit;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Test output is read by people: plain-text logs instead of the platform's structured JSON. Runs before the logging
 * system starts, which a context initializer would be too late for.
 */
public class ReadableTestLogs implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("relaydeskTestLogs", Map.of("logging.structured.format.console", "")));
    }
}

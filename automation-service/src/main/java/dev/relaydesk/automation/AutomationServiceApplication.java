package dev.relaydesk.automation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Automation rules and SLA timers: evaluates ticket events and time, and sends commands back. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AutomationServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(AutomationServiceApplication.class, args);
    }
}

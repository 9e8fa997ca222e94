package dev.relaydesk.kb;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Knowledge-base categories and articles, their attachments, tags and search, for every tenant. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KbServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(KbServiceApplication.class, args);
    }
}

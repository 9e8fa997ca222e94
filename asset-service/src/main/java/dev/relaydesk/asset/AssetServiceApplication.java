package dev.relaydesk.asset;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Assets, their types, manufacturers, suppliers, custom fields and assignments, for every tenant. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AssetServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(AssetServiceApplication.class, args);
    }
}

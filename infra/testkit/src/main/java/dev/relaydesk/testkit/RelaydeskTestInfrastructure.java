package dev.relaydesk.testkit;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a service's application context at the shared test PostgreSQL (a database named after the application, a
 * non-owner login role) and Kafka broker, and at the test key for internal tokens.
 */
public class RelaydeskTestInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String APP_PASSWORD = "app-secret";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String app = context.getEnvironment().getRequiredProperty("spring.application.name");
        PostgresServer pg = SharedInfrastructure.postgres();
        String database = pg.createDatabase(databaseName(app));
        TestPropertyValues.of(
                        "spring.r2dbc.url=" + pg.r2dbcUrl(database),
                        "spring.r2dbc.username=" + database + "_app",
                        "spring.r2dbc.password=" + APP_PASSWORD,
                        "spring.flyway.url=" + pg.jdbcUrl(database),
                        "spring.flyway.user=" + pg.adminUser(),
                        "spring.flyway.password=" + pg.adminPassword(),
                        "spring.kafka.bootstrap-servers=" + SharedInfrastructure.kafkaBootstrapServers(),
                        // The shared broker stops in its own JVM shutdown hook, alongside the contexts' hooks: a
                        // listener's last offset commit then finds no coordinator and would wait the default 60 s
                        // (Surefire kills the fork after 30 s). Nothing in a test waits that long for a broker call.
                        "spring.kafka.consumer.properties.default.api.timeout.ms=5000",
                        "relaydesk.platform.security.public-key=file:" + InternalTokens.publicKeyFile(),
                        "relaydesk.platform.outbox.poll-interval=100ms")
                .applyTo(context);
    }

    public static String databaseName(String application) {
        return application.replace('-', '_');
    }
}

package dev.relaydesk.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL server and one real Kafka broker per test JVM, started on first use and stopped when the JVM
 * exits. Containers when a Docker engine is reachable; otherwise an embedded PostgreSQL (zonky) and an embedded KRaft
 * broker, both real servers on random loopback ports.
 */
public final class SharedInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(SharedInfrastructure.class);

    private static PostgresServer postgres;
    private static String kafka;

    private SharedInfrastructure() {}

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = dockerAvailable() ? postgresContainer() : embeddedPostgres();
        }
        return postgres;
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            kafka = dockerAvailable() ? kafkaContainer() : embeddedKafka();
        }
        return kafka;
    }

    private static boolean dockerAvailable() {
        if (Boolean.getBoolean("relaydesk.testkit.embedded")) {
            return false;
        }
        if (System.getenv("DOCKER_HOST") == null
                && !java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
                && !java.nio.file.Files.exists(
                        java.nio.file.Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))) {
            return false; // no engine to ask (and Testcontainers would log an ERROR saying so)
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static PostgresServer postgresContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        log.info("Test PostgreSQL: container on port {}", container.getFirstMappedPort());
        return new PostgresServer(
                container.getHost(), container.getFirstMappedPort(), container.getUsername(), container.getPassword());
    }

    private static PostgresServer embeddedPostgres() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
            log.info("Test PostgreSQL: embedded on port {}", pg.getPort());
            return new PostgresServer("localhost", pg.getPort(), "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    private static String kafkaContainer() {
        KafkaContainer container = new KafkaContainer("apache/kafka-native:3.8.0");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        return container.getBootstrapServers();
    }

    private static String embeddedKafka() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.brokerProperty("auto.create.topics.enable", "true");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.brokerProperty("log.flush.interval.messages", "1000000");
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        log.info("Test Kafka: embedded KRaft broker at {}", broker.getBrokersAsString());
        return broker.getBrokersAsString();
    }
}

package dev.relaydesk.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPlatformTest {

    private static final List<String> SMALL_JVM = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @TempDir
    Path dir;

    @Test
    void startsInfrastructureAndAppsOnRandomPortsRestartsOneAndStopsEverything() throws Exception {
        Path fake = FakeApp.build(dir);
        Path home = dir.resolve("home");
        LocalPlatform.Builder builder = LocalPlatform.builder()
                .home(home)
                .repositoryRoot(dir)
                .randomPorts()
                .apps(App.GATEWAY, App.USER_SERVICE)
                .appJar(App.GATEWAY, fake)
                .appJar(App.USER_SERVICE, fake)
                .appJar(App.TICKET_SERVICE, fake)
                .appArgs(App.TICKET_SERVICE, "--fail")
                .jvmOptions(SMALL_JVM)
                .healthTimeout(Duration.ofSeconds(30))
                .stopTimeout(Duration.ofSeconds(5));

        ProcessHandle user;
        ProcessHandle kafkaProcess;
        try (LocalPlatform platform = builder.start()) {
            assertThat(platform.apps()).containsExactly(App.GATEWAY, App.USER_SERVICE);
            assertThat(platform.gatewayUrl().toString()).isEqualTo("http://localhost:" + platform.port(App.GATEWAY));
            assertThat(platform.port(App.GATEWAY)).isNotEqualTo(8080);
            assertThat(platform.postgresPort()).isNotEqualTo(15432);
            assertThat(platform.isHealthy(App.GATEWAY)).isTrue();
            assertThat(platform.isHealthy(App.USER_SERVICE)).isTrue();
            assertThat(platform.startupTime()).isPositive();

            // the contract's arguments reached the application, and what they name exists
            assertThat(Files.readString(platform.logFile(App.USER_SERVICE)))
                    .contains("arg --spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:" + platform.postgresPort()
                            + "/user_service")
                    .contains("arg --spring.kafka.bootstrap-servers=" + platform.kafkaBootstrapServers())
                    .contains("arg --relaydesk.platform.security.jwk-set-uri=http://127.0.0.1:"
                            + platform.port(App.GATEWAY) + "/.well-known/jwks.json");
            assertThat(Files.readString(platform.logFile(App.GATEWAY)))
                    .contains("arg --relaydesk.gateway.services.ticket-service=http://127.0.0.1:"
                            + platform.port(App.TICKET_SERVICE));
            for (App app : App.values()) {
                if (app.database().isPresent()) {
                    try (Connection c = DriverManager.getConnection(
                            platform.jdbcUrl(app.database().get()), "postgres", "postgres")) {
                        assertThat(c.isValid(2)).isTrue();
                    }
                }
            }
            assertThat(SigningKey.read(platform.signingKey()).getModulus().bitLength())
                    .isEqualTo(2048);

            // one home, one platform
            assertThatThrownBy(() -> LocalPlatform.builder()
                            .home(home)
                            .repositoryRoot(dir)
                            .randomPorts()
                            .apps()
                            .start())
                    .hasMessageContaining("another local stack is running on " + home);

            // stop and start a single application
            user = platform.process(App.USER_SERVICE).orElseThrow();
            platform.stop(App.USER_SERVICE);
            assertThat(user.isAlive()).isFalse();
            assertThat(platform.isHealthy(App.USER_SERVICE)).isFalse();
            assertThat(Files.readString(platform.logFile(App.USER_SERVICE))).contains("graceful stop");
            platform.start(App.USER_SERVICE);
            assertThat(platform.isHealthy(App.USER_SERVICE)).isTrue();
            user = platform.process(App.USER_SERVICE).orElseThrow();

            // an application that dies on start is reported with the end of its log
            assertThatThrownBy(() -> platform.start(App.TICKET_SERVICE))
                    .isInstanceOf(StartupFailure.class)
                    .hasMessageContaining("ticket-service exited with code 3")
                    .hasMessageContaining("boom: cannot reach the database");
            assertThat(platform.apps()).doesNotContain(App.TICKET_SERVICE);

            kafkaProcess = new RunDirectory(home.resolve("run"))
                    .read(LocalPlatform.KAFKA)
                    .flatMap(ProcessRecord::live)
                    .orElseThrow();
        }

        assertThat(user.isAlive()).isFalse();
        assertThat(kafkaProcess.isAlive()).isFalse();
        assertThat(PostgresServer.postmasterOf(home.resolve("postgres"))).isEmpty();
        RunDirectory run = new RunDirectory(home.resolve("run"));
        assertThat(run.isLocked()).isFalse();
        assertThat(run.children()).isEmpty();
        assertThat(home.resolve(".gitignore")).hasContent("*");
    }

    @Test
    void missingJarsAreReportedBeforeAnythingStarts() {
        assertThatThrownBy(() -> LocalPlatform.builder()
                        .home(dir.resolve("home"))
                        .repositoryRoot(dir)
                        .randomPorts()
                        .apps(App.KB_SERVICE)
                        .start())
                .isInstanceOf(StartupFailure.class)
                .hasMessageContaining("kb-service/target/kb-service-exec.jar")
                .hasMessageContaining("./mvnw -DskipTests package");
        assertThat(new RunDirectory(dir.resolve("home/run")).isLocked()).isFalse();
    }

    /**
     * {@code ./relaydesk stop} during {@code ./relaydesk up} closes the platform from the launcher's shutdown hook, and
     * the JVM exits when the hook returns. A broker launched but not ready yet was unknown to the stop and outlived the
     * launcher, keeping its port: the next start failed with "port 19092 (kafka) is already in use". Once close()
     * returns, no broker may be left.
     */
    @Test
    void aStopWhileKafkaIsStartingLeavesNoBrokerBehind() throws Exception {
        LocalPlatform platform = LocalPlatform.builder()
                .home(dir.resolve("home"))
                .repositoryRoot(dir)
                .randomPorts()
                .apps(List.of())
                .stopTimeout(Duration.ofSeconds(5))
                .create();
        CompletableFuture<LocalPlatform> starting = CompletableFuture.supplyAsync(platform::startCreated);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Optional<ProcessHandle> broker = Optional.empty();
        while (broker.isEmpty() && System.nanoTime() < deadline && !starting.isDone()) {
            broker = liveBroker();
            Thread.sleep(20);
        }
        if (starting.isDone()) {
            starting.join(); // a start that ended before a broker was seen: its failure is the test's
        }
        assertThat(broker).as("a broker process was launched").isPresent();

        platform.close();

        assertThat(liveBroker()).isEmpty();
        assertThat(broker.get().isAlive()).isFalse();
        assertThatThrownBy(starting::join).hasCauseInstanceOf(StartupFailure.class);
        assertThat(new RunDirectory(dir.resolve("home/run")).children()).isEmpty();
    }

    private static Optional<ProcessHandle> liveBroker() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(LocalPlatformTest::isBroker)
                .findFirst();
    }

    /** From {@code /proc}: the JDK's {@code ProcessHandle.Info} gives no arguments for a command line this long. */
    private static boolean isBroker(ProcessHandle process) {
        try {
            String commandLine = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return List.of(commandLine.split("\0")).contains("kafka.Kafka");
        } catch (java.io.IOException e) {
            return false; // gone meanwhile
        }
    }
}

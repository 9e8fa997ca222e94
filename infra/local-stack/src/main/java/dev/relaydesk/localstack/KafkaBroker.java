package dev.relaydesk.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker (KRaft, one node acting as broker and controller) run as a child JVM from the Kafka jars on the
 * launcher's class path, with its log directory kept across restarts. A separate process rather than an in-JVM
 * embedded broker: it behaves like production, its memory is its own, and killing the launcher cannot corrupt it.
 */
final class KafkaBroker implements AutoCloseable {

    /** The heap and JIT settings for a broker that serves one developer. */
    static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-Xms64m",
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseCompactObjectHeaders",
            "-XX:ReservedCodeCacheSize=48m",
            "-Xss512k",
            "-Djava.awt.headless=true");

    /** The environment variable whose value, split on white space, replaces {@link #DEFAULT_JVM_OPTIONS}. */
    static final String ENVIRONMENT_VARIABLE = "RELAYDESK_KAFKA_JAVA_OPTS";

    /**
     * {@code RELAYDESK_KAFKA_JAVA_OPTS} if set and not blank, else {@link #DEFAULT_JVM_OPTIONS}: benchmarks give the
     * broker the full JIT, which costs it about half the CPU per record of the C1-only default.
     */
    static List<String> jvmOptionsFromEnvironment() {
        String value = System.getenv(ENVIRONMENT_VARIABLE);
        return value == null || value.isBlank() ? DEFAULT_JVM_OPTIONS : JvmOptions.split(value);
    }

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Process process;
    private final int port;

    private KafkaBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Formats the storage on first use, starts the broker and waits until it answers metadata requests. {@code launched}
     * learns of the broker as soon as its process exists, before it is ready, so whoever must stop it (a stop during the
     * start) knows it from then on; if {@code launched} throws, the broker is stopped and the exception passes through.
     *
     * @param dir the broker's directory: {@code server.properties}, {@code cluster-id}, {@code data/}
     * @param classpath a plain class path holding the Kafka server jars and a log4j2 binding
     */
    static KafkaBroker start(
            Path dir,
            int port,
            int controllerPort,
            String classpath,
            List<String> jvmOptions,
            Path logFile,
            Duration timeout,
            Consumer<KafkaBroker> launched) {
        try {
            Files.createDirectories(dir.resolve("data"));
            Path config = dir.resolve("server.properties");
            writeConfig(config, dir.resolve("data"), port, controllerPort);
            Path logConfig = dir.resolve("log4j2.properties");
            Files.writeString(logConfig, LOG_CONFIG);
            List<String> java = new ArrayList<>();
            java.add(ChildProcess.javaExecutable());
            java.addAll(jvmOptions);
            java.add("-Dlog4j2.configurationFile=" + logConfig.toUri());
            java.add("-cp");
            java.add(classpath);
            if (!isFormatted(dir)) {
                format(dir, java, config, logFile);
            }
            List<String> command = new ArrayList<>(java);
            command.add("kafka.Kafka");
            command.add(config.toString());
            Process process = ChildProcess.launch(command, logFile);
            KafkaBroker broker = new KafkaBroker(process, port);
            try {
                launched.accept(broker);
                broker.awaitReady(timeout, logFile);
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka in " + dir, e);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    ProcessHandle process() {
        return process.toHandle();
    }

    @Override
    public void close() {
        ProcessRecord.terminate(process.toHandle(), STOP_GRACE);
    }

    static boolean isFormatted(Path dir) {
        return Files.isRegularFile(dir.resolve("data").resolve("meta.properties"));
    }

    /** The cluster id, generated on first use and kept in {@code cluster-id}. */
    static String clusterId(Path dir) throws IOException {
        Path file = dir.resolve("cluster-id");
        if (Files.isRegularFile(file)) {
            String id = Files.readString(file).trim();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id + "\n");
        return id;
    }

    private static void format(Path dir, List<String> java, Path config, Path logFile) throws IOException {
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of(
                "kafka.tools.StorageTool", "format", "--standalone", "-t", clusterId(dir), "-c", config.toString()));
        Path formatLog = logFile.resolveSibling("kafka-format.log");
        Process format = ChildProcess.launch(command, formatLog);
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new IllegalStateException(
                        "formatting Kafka's storage took over a minute" + LogTail.framed(formatLog, 20));
            }
        } catch (InterruptedException e) {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka's storage", e);
        }
        if (format.exitValue() != 0) {
            throw new IllegalStateException("formatting Kafka's storage failed (exit " + format.exitValue() + ")"
                    + LogTail.framed(formatLog, 20));
        }
    }

    private void awaitReady(Duration timeout, Path logFile) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!PortPlan.isListening(port)) {
            failIfExited(logFile);
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Kafka did not open port " + port + " within " + timeout.toSeconds()
                        + " s" + LogTail.framed(logFile, 40));
            }
            pause(200);
        }
        Map<String, Object> admin = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        try (Admin client = Admin.create(admin)) {
            while (true) {
                failIfExited(logFile);
                try {
                    if (!client.describeCluster(new DescribeClusterOptions().timeoutMs(5000))
                            .nodes()
                            .get(10, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for Kafka", e);
                    }
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("Kafka did not answer on port " + port + " within "
                            + timeout.toSeconds() + " s" + LogTail.framed(logFile, 40));
                }
                pause(200);
            }
        }
    }

    private void failIfExited(Path logFile) {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    "Kafka exited during start (exit " + process.exitValue() + ")" + LogTail.framed(logFile, 40));
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    private static void writeConfig(Path file, Path dataDir, int port, int controllerPort) throws IOException {
        Properties config = new Properties();
        config.setProperty("process.roles", "broker,controller");
        config.setProperty("node.id", "1");
        config.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        config.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.setProperty(
                "advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.setProperty("controller.listener.names", "CONTROLLER");
        config.setProperty("inter.broker.listener.name", "PLAINTEXT");
        config.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.setProperty("log.dirs", dataDir.toString());
        config.setProperty("num.partitions", "3");
        config.setProperty("auto.create.topics.enable", "true");
        config.setProperty("offsets.topic.replication.factor", "1");
        config.setProperty("offsets.topic.num.partitions", "3");
        config.setProperty("transaction.state.log.replication.factor", "1");
        config.setProperty("transaction.state.log.min.isr", "1");
        config.setProperty("transaction.state.log.num.partitions", "3");
        config.setProperty("share.coordinator.state.topic.replication.factor", "1");
        config.setProperty("share.coordinator.state.topic.min.isr", "1");
        config.setProperty("group.initial.rebalance.delay.ms", "0");
        config.setProperty("num.network.threads", "2");
        config.setProperty("num.io.threads", "2");
        config.setProperty("log.retention.hours", "168");
        config.setProperty("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        try (var out = Files.newBufferedWriter(file)) {
            config.store(out, "Written by the Relaydesk local stack on every start; edits are overwritten");
        }
    }

    private static final String LOG_CONFIG =
            """
            # Written by the Relaydesk local stack on every start.
            status = warn
            appender.console.type = Console
            appender.console.name = console
            appender.console.layout.type = PatternLayout
            appender.console.layout.pattern = [%d] %p %m (%c)%n
            rootLogger.level = info
            rootLogger.appenderRef.console.ref = console
            logger.kafka.name = kafka
            logger.kafka.level = warn
            logger.kafkaorg.name = org.apache.kafka
            logger.kafkaorg.level = warn
            logger.server.name = kafka.server.KafkaRaftServer
            logger.server.level = info
            logger.broker.name = kafka.server.BrokerServer
            logger.broker.level = info
            """;
}

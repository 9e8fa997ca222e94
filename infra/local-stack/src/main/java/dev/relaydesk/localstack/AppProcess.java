package dev.relaydesk.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One application JVM of the stack: started from its executable jar with its log in {@code logs/<app>.log}, ready when
 * its health endpoint says UP, stopped gracefully (SIGTERM lets Spring finish requests and flush) and killed if that
 * takes too long.
 */
final class AppProcess {

    private static final int LOG_LINES_ON_FAILURE = 60;

    private final App app;
    private final int port;
    private final List<String> command;
    private final Path logFile;
    private volatile Process process;
    private volatile boolean stopping;

    AppProcess(App app, int port, List<String> command, Path logFile) {
        this.app = app;
        this.port = port;
        this.command = List.copyOf(command);
        this.logFile = logFile;
    }

    App app() {
        return app;
    }

    int port() {
        return port;
    }

    Path logFile() {
        return logFile;
    }

    List<String> command() {
        return command;
    }

    /**
     * Starts the JVM.
     *
     * @param onUnexpectedExit told (with a one-line explanation) if the process ends without being asked to
     */
    ProcessHandle start(Consumer<String> onUnexpectedExit) {
        stopping = false;
        Process started = ChildProcess.launch(command, logFile);
        process = started;
        started.onExit().thenAccept(exited -> {
            if (!stopping) {
                onUnexpectedExit.accept(app + " exited unexpectedly (exit " + exited.exitValue() + "); see " + logFile);
            }
        });
        return started.toHandle();
    }

    Optional<ProcessHandle> handle() {
        Process current = process;
        return current == null ? Optional.empty() : Optional.of(current.toHandle());
    }

    boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /**
     * Waits until the health endpoint says UP.
     *
     * @throws StartupFailure if the process exits, the time is up or {@code cancelled} turns true; the message holds the
     *     end of the application's log
     */
    void awaitHealthy(HealthProbe probe, Duration timeout, BooleanSupplier cancelled) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not started";
        while (true) {
            Process current = process;
            if (current == null || !current.isAlive()) {
                String exit = current == null ? "never started" : "exited with code " + current.exitValue();
                throw new StartupFailure(
                        app + " " + exit + " before it became healthy" + LogTail.framed(logFile, LOG_LINES_ON_FAILURE));
            }
            if (cancelled.getAsBoolean()) {
                throw new StartupFailure(app + ": start cancelled");
            }
            last = probe.status(port);
            if ("UP".equals(last)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new StartupFailure(app + " did not report UP on http://127.0.0.1:" + port + "/actuator/health"
                        + " within " + timeout.toSeconds() + " s (last answer: " + last + ")"
                        + LogTail.framed(logFile, LOG_LINES_ON_FAILURE));
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupFailure(app + ": interrupted while waiting for health", e);
            }
        }
    }

    /**
     * Stops the JVM: SIGTERM, then SIGKILL after {@code grace}.
     *
     * @return true if it stopped within the grace period (or was not running)
     */
    boolean stop(Duration grace) {
        stopping = true;
        Process current = process;
        if (current == null) {
            return true;
        }
        return ProcessRecord.terminate(current.toHandle(), grace);
    }

    /** Exit code of the last run, if it has ended. */
    Optional<Integer> exitCode() {
        Process current = process;
        return current == null || current.isAlive() ? Optional.empty() : Optional.of(current.exitValue());
    }
}

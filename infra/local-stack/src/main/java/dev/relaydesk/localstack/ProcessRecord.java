package dev.relaydesk.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A process the local stack started, identified by its pid <em>and</em> its start time, so that a pid file left behind
 * by a crashed launcher can never make {@code stop} signal an unrelated process that later got the same pid.
 *
 * @param name what the process is ({@code kafka}, {@code postgres}, {@code gateway}, ...)
 * @param pid the operating system's process id
 * @param started when the process started, as the operating system reports it
 */
record ProcessRecord(String name, long pid, Instant started) {

    private static final Duration START_TOLERANCE = Duration.ofSeconds(2);

    static ProcessRecord of(String name, ProcessHandle process) {
        return new ProcessRecord(
                name, process.pid(), process.info().startInstant().orElse(Instant.EPOCH));
    }

    /** The process, if it still runs and is the one recorded. */
    Optional<ProcessHandle> live() {
        return ProcessHandle.of(pid).filter(ProcessRecord::isRunning).filter(this::sameStart);
    }

    private boolean sameStart(ProcessHandle process) {
        Optional<Instant> start = process.info().startInstant();
        if (started.equals(Instant.EPOCH) || start.isEmpty()) {
            return true; // no start time to compare: the pid is all there is
        }
        return Duration.between(started, start.get()).abs().compareTo(START_TOLERANCE) <= 0;
    }

    /**
     * Whether a process runs, a zombie counting as gone: orphans of a crashed launcher are re-parented to an init that
     * may never reap them, and waiting for a zombie to exit would wait forever.
     */
    static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        if (!Files.isReadable(stat)) {
            return process.isAlive();
        }
        try {
            String content = Files.readString(stat, StandardCharsets.US_ASCII);
            String afterName = content.substring(content.lastIndexOf(')') + 1).trim();
            char state = afterName.isEmpty() ? '?' : afterName.charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false; // the process went away while we looked
        }
    }

    /**
     * Asks a process to stop (SIGTERM), waits up to {@code grace}, then kills it (SIGKILL).
     *
     * @return true if it stopped within the grace period
     */
    static boolean terminate(ProcessHandle process, Duration grace) {
        if (!isRunning(process)) {
            return true;
        }
        process.destroy();
        if (awaitExit(process, grace)) {
            return true;
        }
        process.destroyForcibly();
        awaitExit(process, Duration.ofSeconds(10));
        return false;
    }

    /** Sends a named signal ({@code INT}, {@code TERM}, ...) through the {@code kill} command. */
    static void signal(ProcessHandle process, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(process)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning(process);
            }
        }
        return true;
    }
}

package dev.relaydesk.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The {@code run/} directory of a local stack home: the pid file of every process the stack started, what it listens
 * on, and the lock that keeps two stacks off one data directory. It lets {@code stop} and {@code status} work from
 * another terminal and lets the next start clean up after a launcher that died.
 */
final class RunDirectory {

    static final String LAUNCHER = "launcher";
    private static final String PID_SUFFIX = ".pid";
    private static final String STACK_FILE = "stack.properties";
    private static final String LOCK_FILE = "platform.lock";

    private final Path dir;

    RunDirectory(Path dir) {
        this.dir = dir;
    }

    Path path() {
        return dir;
    }

    void record(ProcessRecord process) {
        write(
                dir.resolve(process.name() + PID_SUFFIX),
                process.pid() + "\n" + process.started().toEpochMilli() + "\n");
    }

    Optional<ProcessRecord> read(String name) {
        Path file = dir.resolve(name + PID_SUFFIX);
        try {
            List<String> lines = Files.readAllLines(file);
            long pid = Long.parseLong(lines.get(0).trim());
            Instant started = lines.size() > 1 && !lines.get(1).isBlank()
                    ? Instant.ofEpochMilli(Long.parseLong(lines.get(1).trim()))
                    : Instant.EPOCH;
            return Optional.of(new ProcessRecord(name, pid, started));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every recorded process but the launcher itself. */
    List<ProcessRecord> children() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ProcessRecord> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(PID_SUFFIX))
                    .map(name -> name.substring(0, name.length() - PID_SUFFIX.length()))
                    .filter(name -> !name.equals(LAUNCHER))
                    .sorted()
                    .forEach(name -> read(name).ifPresent(records::add));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    void forget(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name + PID_SUFFIX));
        } catch (IOException e) {
            // a stale pid file is harmless: its start time will not match any live process
        }
    }

    void writeStack(Properties stack) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(STACK_FILE + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                stack.store(out, "the running Relaydesk local stack");
            }
            Files.move(tmp, dir.resolve(STACK_FILE), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Properties readStack() {
        Properties stack = new Properties();
        Path file = dir.resolve(STACK_FILE);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                stack.load(in);
            } catch (IOException e) {
                // an unreadable description is treated as none
            }
        }
        return stack;
    }

    void forgetStack() {
        try {
            Files.deleteIfExists(dir.resolve(STACK_FILE));
        } catch (IOException e) {
            // harmless
        }
    }

    /**
     * Takes the home's exclusive lock; empty when another process (or another platform in this JVM) holds it. The
     * operating system releases it when the holder dies, so a crash never leaves it stale.
     */
    Optional<FileLock> tryLock() {
        try {
            Files.createDirectories(dir);
            FileChannel channel =
                    FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    channel.close();
                }
                return Optional.ofNullable(lock);
            } catch (OverlappingFileLockException e) {
                channel.close();
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dir.resolve(LOCK_FILE), e);
        }
    }

    /** Whether some process holds the home's lock right now. */
    boolean isLocked() {
        Optional<FileLock> lock = tryLock();
        lock.ifPresent(RunDirectory::release);
        return lock.isEmpty();
    }

    static void release(FileLock lock) {
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException e) {
            // released when the process exits anyway
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

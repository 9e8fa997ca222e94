package dev.relaydesk.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a child process of the stack the same way for every kind (broker, applications): in a session of its own, so
 * that Ctrl-C in the launcher's terminal reaches only the launcher, which then stops the children in order (apps, then
 * Kafka, then PostgreSQL) instead of all of them dying at once; with stdout and stderr in one log file, the previous
 * run's log kept as {@code <name>.log.1}.
 */
final class ChildProcess {

    private static final Path SETSID = findSetsid();

    private ChildProcess() {}

    static Process launch(List<String> command, Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            if (Files.exists(logFile) && Files.size(logFile) > 0) {
                Files.move(
                        logFile,
                        logFile.resolveSibling(logFile.getFileName() + ".1"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> full = new ArrayList<>();
            if (SETSID != null) {
                full.add(SETSID.toString()); // execs in place: the child's pid is the program's pid
            }
            full.addAll(command);
            return new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.getFirst() + " (log: " + logFile + ")", e);
        }
    }

    /** The {@code java} launcher of the JVM running this code, so children use the same (>= 25) JDK. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path findSetsid() {
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return path;
            }
        }
        return null;
    }
}

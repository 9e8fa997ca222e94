package dev.relaydesk.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * JDK 25's ahead-of-time cache for the applications (JEP 483/514): a run with {@code -XX:AOTCacheOutput} records the
 * classes an application loads and links and writes them to a file when it exits; later runs with {@code
 * -XX:AOTCache} start from that file, several times faster.
 *
 * <p>The cache only covers classes loaded from a plain class path, not from a Spring Boot jar's nested jars, so the
 * executable jar is first extracted ({@code -Djarmode=tools extract}), in the background once the stack is up: a new
 * jar's first run is a plain one, its second run trains the cache, its later runs use it. Everything is keyed by the jar (path, size,
 * modification time), the JDK and the JVM options: a rebuilt jar or a changed option gets a fresh directory, trained on
 * its first run, and the old one is deleted. A cache is used only if its training run ended by itself within the stop
 * timeout (a {@code .complete} marker); anything unexpected (extraction fails, the JVM rejects the file) falls back to
 * a plain {@code java -jar}, since {@code -XX:AOTMode} stays at its default {@code auto}.
 */
final class AotCache {

    /** How an application is to be launched. */
    record Launch(List<String> jvmOptions, Path jar, boolean training) {}

    private static final String COMPLETE = ".complete";

    private final Path root;
    private final boolean enabled;
    private final Map<App, Path> training = new ConcurrentHashMap<>();
    private final Map<App, Extraction> pendingExtractions = new ConcurrentHashMap<>();
    private volatile Process extracting;
    private volatile Thread extractor;

    private record Extraction(Path jar, Path destination) {}

    AotCache(Path root, boolean enabled) {
        this.root = root;
        this.enabled = enabled;
    }

    Launch prepare(App app, Path jar, List<String> jvmOptions) {
        if (!enabled) {
            return new Launch(jvmOptions, jar, false);
        }
        try {
            Path appDir = root.resolve(app.moduleName());
            Path keyed = appDir.resolve(key(jar, jvmOptions));
            deleteOthers(appDir, keyed);
            Optional<Path> extracted = extracted(keyed.resolve("app"));
            if (extracted.isEmpty()) {
                // extracting seven jars before the first start would delay it by half a minute: this run starts
                // from the jar as it is, the extraction happens once everything is up, the next run trains
                pendingExtractions.put(app, new Extraction(jar, keyed.resolve("app")));
                return new Launch(jvmOptions, jar, false);
            }
            Path cache = keyed.resolve(app.moduleName() + ".aot");
            List<String> options = new ArrayList<>(jvmOptions);
            if (Files.isRegularFile(keyed.resolve(COMPLETE)) && Files.isRegularFile(cache)) {
                options.add("-XX:AOTCache=" + cache);
                return new Launch(options, extracted.get(), false);
            }
            Files.deleteIfExists(cache);
            options.add("-XX:AOTCacheOutput=" + cache);
            training.put(app, keyed);
            return new Launch(options, extracted.get(), true);
        } catch (IOException | RuntimeException e) {
            return new Launch(jvmOptions, jar, false);
        }
    }

    /** The stop grace for an application: a training run writes its cache on exit, which takes a while. */
    Duration stopGrace(App app, Duration normal) {
        return training.containsKey(app) ? normal.plusSeconds(45) : normal;
    }

    /** Whether this run of the application writes its cache when it stops. */
    boolean isTraining(App app) {
        return training.containsKey(app);
    }

    /** Records whether the training run of an application ended cleanly, which makes its cache usable. */
    void afterExit(App app, boolean exitedByItself) {
        Path keyed = training.remove(app);
        if (keyed == null) {
            return;
        }
        try {
            Path cache = keyed.resolve(app.moduleName() + ".aot");
            if (exitedByItself && Files.isRegularFile(cache) && Files.size(cache) > 0) {
                Files.writeString(keyed.resolve(COMPLETE), "trained\n");
            } else {
                Files.deleteIfExists(cache);
            }
        } catch (IOException e) {
            // no marker: the next run trains again
        }
    }

    static String key(Path jar, List<String> jvmOptions) throws IOException {
        String source = jar.toAbsolutePath() + "|" + Files.size(jar) + "|"
                + Files.getLastModifiedTime(jar).toMillis() + "|" + Runtime.version() + "|"
                + String.join(" ", jvmOptions);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Extracts the jars that {@link #prepare} found unextracted, one after the other in a background thread, so that
     * the next run can train. Started once the stack is up, it does not compete with the applications' start.
     */
    void extractPendingInBackground() {
        if (pendingExtractions.isEmpty() || (extractor != null && extractor.isAlive())) {
            return;
        }
        extractor = Thread.ofPlatform().daemon().name("relaydesk-aot-extract").start(() -> {
            for (App app : List.copyOf(pendingExtractions.keySet())) {
                Extraction extraction = pendingExtractions.remove(app);
                if (extraction == null || Thread.currentThread().isInterrupted()) {
                    continue;
                }
                try {
                    extract(extraction.jar(), extraction.destination());
                } catch (IOException | RuntimeException e) {
                    // no cache for this application; it starts from its jar as before
                }
            }
        });
    }

    /** Stops a background extraction (the stack is stopping); a half-extracted directory is redone next time. */
    void cancelExtraction() {
        Thread thread = extractor;
        if (thread != null) {
            thread.interrupt();
        }
        Process process = extracting;
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Optional<Path> extracted(Path destination) throws IOException {
        if (!Files.isRegularFile(destination.resolve(".extracted"))) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(destination)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar"))
                    .filter(Files::isRegularFile)
                    .findFirst();
        }
    }

    /** Extracts a Boot jar ({@code java -Djarmode=tools -jar app.jar extract}) and marks it done if that worked. */
    private void extract(Path jar, Path destination) throws IOException {
        ChildClasspath.deleteTree(destination);
        Files.createDirectories(destination.getParent());
        Process extract = new ProcessBuilder(
                        ChildProcess.javaExecutable(),
                        "-XX:TieredStopAtLevel=1",
                        "-Djarmode=tools",
                        "-jar",
                        jar.toString(),
                        "extract",
                        "--destination",
                        destination.toString())
                .redirectErrorStream(true)
                .redirectOutput(destination.resolveSibling("extract.log").toFile())
                .start();
        extracting = extract;
        try {
            if (extract.waitFor(2, TimeUnit.MINUTES) && extract.exitValue() == 0) {
                Files.writeString(destination.resolve(".extracted"), jar + "\n");
            } else {
                extract.destroyForcibly();
            }
        } catch (InterruptedException e) {
            extract.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            extracting = null;
        }
    }

    private static void deleteOthers(Path appDir, Path keep) throws IOException {
        if (!Files.isDirectory(appDir)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(appDir)) {
            for (Path dir : dirs.filter(dir -> !dir.equals(keep)).toList()) {
                ChildClasspath.deleteTree(dir);
            }
        }
    }
}

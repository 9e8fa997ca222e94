package dev.relaydesk.systemtest;

import dev.relaydesk.localstack.LocalPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * The local stack as the system tests start it: the repository's built applications, a home of its own under
 * {@code home}, random ports (so several stacks and a running {@code ./relaydesk up} never collide), and the home removed
 * when the test class is done ({@code -Drelaydesk.keep-home=true} keeps it, logs under {@code stack/logs}).
 */
final class TestStacks {

    private TestStacks() {}

    static LocalPlatform.Builder builder(Path home) {
        return LocalPlatform.builder()
                .repositoryRoot(Path.of(System.getProperty("relaydesk.repository-root", "../..")))
                .home(home.resolve("stack"))
                .randomPorts();
    }

    /** Stops the platform (when it started) and removes its home. */
    static void stop(LocalPlatform platform, Path home) throws IOException {
        if (platform != null) {
            platform.close();
        }
        if (home == null) {
            return;
        }
        if (Boolean.getBoolean("relaydesk.keep-home")) {
            System.out.println("kept the stack's home (logs under stack/logs): " + home);
            return;
        }
        try (var files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}

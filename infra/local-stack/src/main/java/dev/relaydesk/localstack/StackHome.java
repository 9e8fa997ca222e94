package dev.relaydesk.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a local stack keeps its state (the home: {@code postgres/}, {@code kafka/}, {@code logs/}, {@code keys/},
 * {@code run/}) and where the checkout is whose jars it runs. A marker file makes {@code reset} refuse to delete a
 * directory the stack did not create, whatever {@code RELAYDESK_HOME} says.
 */
final class StackHome {

    static final String HOME_VARIABLE = "RELAYDESK_HOME";
    static final String HOME_PROPERTY = "relaydesk.home";
    static final String REPOSITORY_PROPERTY = "relaydesk.repo";
    static final String MARKER = ".relaydesk-home";

    private StackHome() {}

    /** {@code RELAYDESK_HOME}, else the {@code relaydesk.home} property, else {@code <repository>/.relaydesk}. */
    static Path defaultHome(Path repositoryRoot) {
        String configured = Optional.ofNullable(System.getenv(HOME_VARIABLE))
                .filter(value -> !value.isBlank())
                .orElse(System.getProperty(HOME_PROPERTY));
        Path home =
                configured == null || configured.isBlank() ? repositoryRoot.resolve(".relaydesk") : Path.of(configured);
        return home.toAbsolutePath().normalize();
    }

    /**
     * The checkout: the {@code relaydesk.repo} property (the script sets it), else the nearest directory upwards from
     * the working directory, then from this jar, that holds {@code infra/local-stack/pom.xml}, else the working
     * directory.
     */
    static Path repositoryRoot() {
        String configured = System.getProperty(REPOSITORY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path cwd = Path.of("").toAbsolutePath().normalize();
        return findCheckoutAbove(cwd)
                .or(() -> codeLocation().flatMap(StackHome::findCheckoutAbove))
                .orElse(cwd);
    }

    static Optional<Path> findCheckoutAbove(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("infra").resolve("local-stack").resolve("pom.xml"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> codeLocation() {
        try {
            var source = StackHome.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            String location = source.getLocation().toString();
            // a nested Boot jar reports jar:nested:/path/app.jar/!BOOT-INF/classes/!/
            int nested = location.indexOf(".jar");
            if (location.startsWith("jar:nested:") && nested > 0) {
                return Optional.of(Path.of(location.substring("jar:nested:".length(), nested + 4)));
            }
            return Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Creates the home with its marker, and a {@code .gitignore} so that a home inside a checkout is never committed. */
    static void prepare(Path home) {
        try {
            Files.createDirectories(home);
            Path marker = home.resolve(MARKER);
            if (!Files.exists(marker)) {
                Files.writeString(
                        marker, "Data of a Relaydesk local stack; './relaydesk reset' deletes this directory.\n");
            }
            Path ignore = home.resolve(".gitignore");
            if (!Files.exists(ignore)) {
                Files.writeString(ignore, "*\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the local stack home " + home, e);
        }
    }

    static boolean isHome(Path home) {
        return Files.isRegularFile(home.resolve(MARKER));
    }

    /** Deletes a home created by {@link #prepare(Path)}; refuses any other directory. */
    static void delete(Path home) {
        if (!Files.exists(home)) {
            return;
        }
        if (!isHome(home)) {
            throw new IllegalStateException(
                    home + " has no " + MARKER + " file: not deleting a directory the local " + "stack did not create");
        }
        try {
            ChildClasspath.deleteTree(home);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + home, e);
        }
    }
}

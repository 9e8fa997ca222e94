package dev.relaydesk.localstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The seven Relaydesk applications the local stack can run, with the defaults of the local contract (port, database
 * name, where the build leaves the executable jar), so that every caller spells them the same way.
 */
public enum App {
    GATEWAY("gateway", 8080),
    USER_SERVICE("user-service", 8081),
    TICKET_SERVICE("ticket-service", 8082),
    KB_SERVICE("kb-service", 8083),
    ASSET_SERVICE("asset-service", 8084),
    AUTOMATION_SERVICE("automation-service", 8085),
    NOTIFICATION_SERVICE("notification-service", 8086);

    private final String moduleName;
    private final int defaultPort;

    App(String moduleName, int defaultPort) {
        this.moduleName = moduleName;
        this.defaultPort = defaultPort;
    }

    /** The Maven module and process name, e.g. {@code user-service}. */
    public String moduleName() {
        return moduleName;
    }

    /** The port of the default layout (gateway 8080, then one per service). */
    public int defaultPort() {
        return defaultPort;
    }

    /** The offset of this application's port from the port base (gateway 0, user-service 1, ...). */
    public int portOffset() {
        return defaultPort - GATEWAY.defaultPort;
    }

    /** The database the service owns ({@code user_service}, ...); empty for the gateway, which owns none. */
    public Optional<String> database() {
        return this == GATEWAY ? Optional.empty() : Optional.of(moduleName.replace('-', '_'));
    }

    /** Where {@code ./mvnw package} leaves this application's executable jar in a checkout. */
    public Path jarIn(Path repositoryRoot) {
        return repositoryRoot.resolve(moduleName).resolve("target").resolve(moduleName + "-exec.jar");
    }

    /** Parses a module name ({@code ticket-service}) or a constant name ({@code TICKET_SERVICE}). */
    public static App named(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values())
                .filter(app -> app.moduleName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown application '" + name + "', expected one of "
                        + Arrays.stream(values()).map(App::moduleName).toList()));
    }

    @Override
    public String toString() {
        return moduleName;
    }
}

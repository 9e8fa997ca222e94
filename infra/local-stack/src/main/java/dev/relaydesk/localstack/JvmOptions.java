package dev.relaydesk.localstack;

import java.util.Arrays;
import java.util.List;

/**
 * The JVM options of the applications on a developer machine: seven JVMs, Kafka and PostgreSQL share two cores and a
 * few gigabytes, so the applications get a serial collector, small heaps and the C1 compiler only (fast start, small
 * code cache), at the price of peak throughput nobody needs locally. {@code RELAYDESK_JAVA_OPTS} replaces them whole.
 */
public final class JvmOptions {

    /** The environment variable whose value, split on white space, replaces {@link #DEFAULTS}. */
    public static final String ENVIRONMENT_VARIABLE = "RELAYDESK_JAVA_OPTS";

    /** Options for a small idle footprint (measured: see the module's README). */
    public static final List<String> DEFAULTS = List.of(
            "-XX:+UseSerialGC",
            "-Xms32m",
            "-Xmx160m",
            "-XX:MaxMetaspaceSize=160m",
            "-XX:ReservedCodeCacheSize=64m",
            "-Xss512k",
            "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1",
            "-XX:+UseCompactObjectHeaders",
            "-XX:+ExitOnOutOfMemoryError");

    private JvmOptions() {}

    /** {@code RELAYDESK_JAVA_OPTS} if set and not blank, else {@link #DEFAULTS}. */
    public static List<String> fromEnvironment() {
        String value = System.getenv(ENVIRONMENT_VARIABLE);
        return value == null || value.isBlank() ? DEFAULTS : split(value);
    }

    static List<String> split(String options) {
        return Arrays.stream(options.trim().split("\\s+"))
                .filter(option -> !option.isEmpty())
                .toList();
    }
}

package dev.relaydesk.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalStackTest {

    /** Help in any spelling prints the usage and starts nothing (--help was once taken for an option of up). */
    @ParameterizedTest
    @ValueSource(strings = {"help", "-h", "--help"})
    void helpPrintsTheUsageAndStartsNothing(String spelling) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new LocalStack(new PrintStream(out, true, StandardCharsets.UTF_8)).run(new String[] {spelling});
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("usage: relaydesk")
                .contains("stop");
    }
}

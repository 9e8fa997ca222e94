package dev.relaydesk.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRecordTest {

    @TempDir
    Path dir;

    @Test
    void aRecordFindsItsProcessOnlyWhileItRunsAndOnlyWithTheSameStartTime() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            RunDirectory run = new RunDirectory(dir.resolve("run"));
            run.record(ProcessRecord.of("kafka", sleeper.toHandle()));

            ProcessRecord read = run.read("kafka").orElseThrow();
            assertThat(read.pid()).isEqualTo(sleeper.pid());
            assertThat(read.live()).isPresent();

            ProcessRecord reusedPid = new ProcessRecord("kafka", sleeper.pid(), Instant.parse("2001-01-01T00:00:00Z"));
            assertThat(reusedPid.live()).isEmpty();

            assertThat(ProcessRecord.terminate(sleeper.toHandle(), Duration.ofSeconds(5)))
                    .isTrue();
            assertThat(read.live()).isEmpty();
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void strayProcessesOfACrashedLauncherAreStoppedAndForgotten() throws Exception {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        // a process that ignores SIGTERM must still go (SIGKILL after the grace period)
        Process stubborn = new ProcessBuilder("sh", "-c", "trap '' TERM; exec sleep 60").start();
        Process polite = new ProcessBuilder("sleep", "60").start();
        try {
            run.record(ProcessRecord.of("gateway", polite.toHandle()));
            run.record(new ProcessRecord("ticket-service", 999_999_999L, Instant.now())); // long gone
            run.record(ProcessRecord.of(RunDirectory.LAUNCHER, ProcessHandle.current()));
            assertThat(run.children()).extracting(ProcessRecord::name).containsExactly("gateway", "ticket-service");

            List<String> said = new ArrayList<>();
            assertThat(LocalPlatform.stopStrays(run, said::add)).isEqualTo(1);

            assertThat(polite.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(said).singleElement().asString().contains("gateway", "left over");
            assertThat(run.children()).isEmpty();
            assertThat(run.read(RunDirectory.LAUNCHER)).isPresent();

            Thread.sleep(200); // let the shell install its trap
            long begin = System.nanoTime();
            assertThat(ProcessRecord.terminate(stubborn.toHandle(), Duration.ofMillis(500)))
                    .isFalse();
            assertThat(stubborn.waitFor(5, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
        } finally {
            stubborn.destroyForcibly();
            polite.destroyForcibly();
        }
    }

    @Test
    void theHomeLockIsExclusive() {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        var lock = run.tryLock().orElseThrow();
        try {
            assertThat(run.tryLock()).isEmpty();
            assertThat(run.isLocked()).isTrue();
        } finally {
            RunDirectory.release(lock);
        }
        assertThat(run.isLocked()).isFalse();
    }
}

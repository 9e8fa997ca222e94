package dev.relaydesk.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCacheTest {

    private static final List<String> OPTIONS = List.of("-Xmx160m");

    @TempDir
    Path dir;

    @Test
    void theKeyChangesWithTheJarAndTheOptions() throws Exception {
        Path jar = Files.writeString(dir.resolve("app-exec.jar"), "v1");
        String key = AotCache.key(jar, OPTIONS);

        assertThat(AotCache.key(jar, OPTIONS)).isEqualTo(key);
        assertThat(AotCache.key(jar, List.of("-Xmx200m"))).isNotEqualTo(key);

        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));
        assertThat(AotCache.key(jar, OPTIONS)).isNotEqualTo(key);
    }

    @Test
    void disabledOrNotYetExtractedMeansAPlainStart() throws Exception {
        Path jar = Files.writeString(dir.resolve("app-exec.jar"), "not really a jar");

        AotCache.Launch off = new AotCache(dir.resolve("aot"), false).prepare(App.GATEWAY, jar, OPTIONS);
        assertThat(off).isEqualTo(new AotCache.Launch(OPTIONS, jar, false));

        AotCache cache = new AotCache(dir.resolve("aot"), true);
        AotCache.Launch first = cache.prepare(App.GATEWAY, jar, OPTIONS);
        assertThat(first).isEqualTo(new AotCache.Launch(OPTIONS, jar, false));
        assertThat(cache.isTraining(App.GATEWAY)).isFalse();
    }

    @Test
    void anExtractedJarTrainsOnceAndThenUsesTheCacheOnlyIfTrainingCompleted() throws Exception {
        Path jar = Files.writeString(dir.resolve("app-exec.jar"), "v1");
        Path keyed = dir.resolve("aot/gateway").resolve(AotCache.key(jar, OPTIONS));
        Path extracted = keyed.resolve("app/gateway-exec.jar");
        Files.createDirectories(extracted.getParent());
        Files.writeString(extracted, "thin jar");
        Files.writeString(keyed.resolve("app/.extracted"), "done");
        Path stale = Files.createDirectories(dir.resolve("aot/gateway/0000000000000000"));
        AotCache cache = new AotCache(dir.resolve("aot"), true);

        AotCache.Launch training = cache.prepare(App.GATEWAY, jar, OPTIONS);
        assertThat(training.training()).isTrue();
        assertThat(training.jar()).isEqualTo(extracted);
        assertThat(training.jvmOptions())
                .containsExactly("-Xmx160m", "-XX:AOTCacheOutput=" + keyed.resolve("gateway.aot"));
        assertThat(stale).doesNotExist();

        // killed while writing: the file is not trusted
        Files.writeString(keyed.resolve("gateway.aot"), "half");
        cache.afterExit(App.GATEWAY, false);
        assertThat(keyed.resolve("gateway.aot")).doesNotExist();

        cache.prepare(App.GATEWAY, jar, OPTIONS);
        Files.writeString(keyed.resolve("gateway.aot"), "whole");
        cache.afterExit(App.GATEWAY, true);

        AotCache.Launch trained = cache.prepare(App.GATEWAY, jar, OPTIONS);
        assertThat(trained.training()).isFalse();
        assertThat(trained.jvmOptions()).containsExactly("-Xmx160m", "-XX:AOTCache=" + keyed.resolve("gateway.aot"));
    }
}

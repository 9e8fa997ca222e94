package dev.relaydesk.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {

    @TempDir
    Path dir;

    @Test
    void generatesA2048BitPkcs8KeyOnceAndReusesIt() throws Exception {
        Path file = dir.resolve("keys/gateway-signing-key.pem");

        SigningKey.ensure(file);
        String pem = Files.readString(file);
        var modified = Files.getLastModifiedTime(file);

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(pem.lines().filter(line -> !line.startsWith("-----")))
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
        assertThat(SigningKey.read(file).getModulus().bitLength()).isEqualTo(2048);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");

        SigningKey.ensure(file);

        assertThat(Files.readString(file)).isEqualTo(pem);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
        assertThat(dir.resolve("keys")).isDirectoryNotContaining("glob:**.tmp");
    }
}

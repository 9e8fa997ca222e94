package dev.relaydesk.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The gateway's token signing key on a developer machine: a 2048-bit RSA key generated on first start and written as a
 * PKCS#8 PEM file, then kept, so tokens and JWKS stay stable across restarts and nobody has to create a key by hand.
 */
public final class SigningKey {

    static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    static final String END = "-----END PRIVATE KEY-----";

    private SigningKey() {}

    /**
     * Returns {@code file}, generating the key there first if it does not exist yet.
     *
     * @param file where the PEM file lives, e.g. {@code <home>/keys/gateway-signing-key.pem}
     */
    public static Path ensure(Path file) {
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            Files.createDirectories(file.getParent());
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
            String pem = BEGIN + "\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(pkcs8)
                    + "\n" + END + "\n";
            Path tmp = Files.createTempFile(file.getParent(), ".signing-key", ".tmp");
            restrictToOwner(tmp);
            Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the signing key " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate RSA keys", e);
        }
    }

    /** Reads a key written by {@link #ensure(Path)}. */
    public static RSAPrivateCrtKey read(Path file) {
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            String body = pem.replace(BEGIN, "").replace(END, "").replaceAll("\\s", "");
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException(file + " does not hold a PKCS#8 RSA private key", e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's permissions are all there is
        }
    }
}

package dev.relaydesk.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * Mints internal tokens as the gateway would, with a key pair made once per test JVM; services under test verify them
 * with its public key (written to a PEM file).
 */
public final class InternalTokens {

    private static final KeyPair KEYS = generate();
    private static Path publicKeyFile;

    private InternalTokens() {}

    /** A token for {@code tenant}'s user {@code userId} with the given role claims (admin, technician, user, ...). */
    public static String mint(String tenant, long userId, String... roles) {
        return mint(KEYS, tenant, userId, Duration.ofMinutes(5), roles);
    }

    /** A token signed by a key no service trusts. */
    public static String mintWithUnknownKey(String tenant, long userId, String... roles) {
        return mint(generate(), tenant, userId, Duration.ofMinutes(5), roles);
    }

    /** A token that expired a minute ago. */
    public static String mintExpired(String tenant, long userId, String... roles) {
        return mint(KEYS, tenant, userId, Duration.ofMinutes(-1), roles);
    }

    public static synchronized Path publicKeyFile() {
        if (publicKeyFile == null) {
            try {
                Path file = Files.createTempFile("relaydesk-internal-token", ".pem");
                file.toFile().deleteOnExit();
                String pem = "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(KEYS.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";
                Files.writeString(file, pem);
                publicKeyFile = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return publicKeyFile;
    }

    private static String mint(KeyPair keys, String tenant, long userId, Duration ttl, String... roles) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("relaydesk-gateway")
                .audience("relaydesk-services")
                .subject(Long.toString(userId))
                .claim("tenant", tenant)
                .claim("roles", List.of(roles))
                .issueTime(Date.from(now.minusSeconds(ttl.isNegative() ? 600 : 0)))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test").build(), claims);
        try {
            jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.relaydesk.gateway.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.springframework.core.io.Resource;

/**
 * The RSA key the gateway signs internal tokens with, and its public half as the JWK Set that services verify them
 * against. The key id is the key's RFC 7638 thumbprint, so it changes exactly when the key does.
 */
public final class SigningKey {

    static final int MINIMUM_BITS = 2048;
    private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PKCS8_END = "-----END PRIVATE KEY-----";

    private final RSAKey publicJwk;
    private final JWSSigner signer;
    private final String jwkSetJson;

    private SigningKey(RSAPrivateKey privateKey, RSAPublicKey publicKey) {
        if (publicKey.getModulus().bitLength() < MINIMUM_BITS) {
            throw new IllegalArgumentException("the signing key must have at least " + MINIMUM_BITS + " bits");
        }
        try {
            this.publicJwk = new RSAKey.Builder(publicKey)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint()
                    .build();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot compute the signing key's thumbprint", e);
        }
        this.signer = new RSASSASigner(privateKey);
        this.jwkSetJson = new JWKSet(publicJwk).toString(true);
    }

    /** Reads a PKCS#8 PEM RSA private key ({@code -----BEGIN PRIVATE KEY-----}). */
    public static SigningKey fromPem(Resource resource) {
        String pem;
        try (InputStream in = resource.getInputStream()) {
            pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read relaydesk.gateway.token.signing-key " + resource, e);
        }
        int begin = pem.indexOf(PKCS8_BEGIN);
        int end = pem.indexOf(PKCS8_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("relaydesk.gateway.token.signing-key must be a PKCS#8 PEM key ("
                    + PKCS8_BEGIN + "); convert a PKCS#1 key with: openssl pkcs8 -topk8 -nocrypt -in key.pem");
        }
        RSAPrivateCrtKey key;
        RSAPublicKey publicKey;
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + PKCS8_BEGIN.length(), end));
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (!(rsa.generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof RSAPrivateCrtKey crt)) {
                throw new IllegalArgumentException("relaydesk.gateway.token.signing-key has no CRT parameters");
            }
            key = crt;
            publicKey =
                    (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "relaydesk.gateway.token.signing-key is not a PKCS#8 PEM RSA private key", e);
        }
        return new SigningKey(key, publicKey);
    }

    /** A new 2048-bit key that lives as long as this process. */
    public static SigningKey ephemeral() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(MINIMUM_BITS);
            KeyPair pair = generator.generateKeyPair();
            return new SigningKey((RSAPrivateKey) pair.getPrivate(), (RSAPublicKey) pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    public String keyId() {
        return publicJwk.getKeyID();
    }

    /** Thread-safe: each signature uses its own {@code Signature} instance. */
    JWSSigner signer() {
        return signer;
    }

    /** The public key as a JWK Set document ({@code {"keys":[...]}}), never the private part. */
    public String jwkSetJson() {
        return jwkSetJson;
    }
}

package dev.relaydesk.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.relaydesk.contract.Role;
import dev.relaydesk.contract.TenantId;
import dev.relaydesk.gateway.authentication.Caller;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;

class SigningKeyTest {

    static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    static ByteArrayResource pem(String type, byte[] der) {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
        return new ByteArrayResource(pem.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void configuredPkcs8KeySignsTokensThatItsPublishedPublicKeyVerifies() throws Exception {
        KeyPair pair = rsa(2048);
        SigningKey key = SigningKey.fromPem(pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        InternalTokenMinting minting = new InternalTokenMinting(key, TokenSettings.forTests());

        SignedJWT token = SignedJWT.parse(minting.tokenFor(new Caller(new TenantId("acme"), 7, Set.of(Role.ADMIN)))
                .block());
        JWKSet published = JWKSet.parse(key.jwkSetJson());
        RSAKey jwk = (RSAKey) published.getKeyByKeyId(token.getHeader().getKeyID());

        assertThat(jwk.toRSAPublicKey().getModulus()).isEqualTo(((RSAPublicKey) pair.getPublic()).getModulus());
        assertThat(jwk.isPrivate()).isFalse();
        assertThat(key.jwkSetJson()).doesNotContain("\"d\"");
        assertThat(token.verify(new RSASSAVerifier(jwk))).isTrue();
    }

    @Test
    void pkcs1KeyIsRefusedWithAHint() {
        assertThatThrownBy(() -> SigningKey.fromPem(pem("RSA PRIVATE KEY", new byte[] {1, 2, 3})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PKCS#8");
    }

    @Test
    void keyShorterThan2048BitsIsRefused() throws Exception {
        ByteArrayResource weak = pem("PRIVATE KEY", rsa(1024).getPrivate().getEncoded());

        assertThatThrownBy(() -> SigningKey.fromPem(weak))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2048");
    }

    @Test
    void somethingThatIsNoKeyIsRefused() {
        assertThatThrownBy(() -> SigningKey.fromPem(pem("PRIVATE KEY", "not a key".getBytes())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a PKCS#8 PEM RSA private key");
    }

    @Test
    void ephemeralKeysAreFreshAndIdentifiedByThumbprint() {
        SigningKey one = SigningKey.ephemeral();
        SigningKey two = SigningKey.ephemeral();

        assertThat(one.keyId()).isNotEqualTo(two.keyId()).hasSize(43);
    }
}

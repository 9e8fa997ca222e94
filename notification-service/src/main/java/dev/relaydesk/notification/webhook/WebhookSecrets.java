package dev.relaydesk.notification.webhook;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * Signing secrets in the Standard Webhooks format: {@code whsec_} + base64 of 32 random bytes. The generator is a DRBG
 * seeded once when the service starts, so creating a secret later never reads {@code /dev/urandom} on a request's
 * event-loop thread.
 */
@Component
public class WebhookSecrets {

    private final SecureRandom random;

    public WebhookSecrets() {
        try {
            random = SecureRandom.getInstance("DRBG");
            random.nextBytes(new byte[32]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no DRBG SecureRandom", e);
        }
    }

    public String generate() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}

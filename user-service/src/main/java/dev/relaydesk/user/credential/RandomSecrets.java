package dev.relaydesk.user.credential;

import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Random secrets (generated passwords, API keys, tenant shared secrets) from {@link SecureRandom}. Seeding may read
 * the OS entropy source, so generation runs on the bounded elastic scheduler, never on an event loop.
 */
@Component
public class RandomSecrets {

    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String DIGITS = "23456789";
    private static final String SYMBOLS = "!@#$%^&*-_=+?";
    private static final String ALL = LOWER + UPPER + DIGITS + SYMBOLS;
    static final int PASSWORD_LENGTH = 20;

    private final SecureRandom random = new SecureRandom();

    public Mono<byte[]> bytes(int length) {
        return Mono.fromCallable(() -> {
                    byte[] bytes = new byte[length];
                    random.nextBytes(bytes);
                    return bytes;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** 32 random bytes, URL-safe base64 without padding. */
    public Mono<String> token() {
        return bytes(32).map(b -> Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    }

    /** A strong password: 20 characters with at least one lower-case letter, upper-case letter, digit and symbol. */
    public Mono<String> password() {
        return Mono.fromCallable(() -> {
                    char[] chars = new char[PASSWORD_LENGTH];
                    chars[0] = pick(LOWER);
                    chars[1] = pick(UPPER);
                    chars[2] = pick(DIGITS);
                    chars[3] = pick(SYMBOLS);
                    for (int i = 4; i < chars.length; i++) {
                        chars[i] = pick(ALL);
                    }
                    for (int i = chars.length - 1; i > 0; i--) {
                        int j = random.nextInt(i + 1);
                        char t = chars[i];
                        chars[i] = chars[j];
                        chars[j] = t;
                    }
                    return new String(chars);
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private char pick(String alphabet) {
        return alphabet.charAt(random.nextInt(alphabet.length()));
    }
}

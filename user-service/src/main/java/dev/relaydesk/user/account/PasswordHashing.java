package dev.relaydesk.user.account;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Hashes and checks passwords with bcrypt. Both are deliberately slow, so they run on the bounded elastic scheduler,
 * never on an event-loop thread.
 */
@Component
public class PasswordHashing {

    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(10);

    /** A hash to compare against when the user does not exist, so a wrong username costs as much as a wrong password. */
    private final String decoy = encoder.encode("relaydesk-decoy-password");

    public Mono<String> hash(String password) {
        return Mono.fromCallable(() -> encoder.encode(password)).subscribeOn(Schedulers.boundedElastic());
    }

    public Mono<Boolean> matches(String password, String hash) {
        return Mono.fromCallable(() -> encoder.matches(password, hash)).subscribeOn(Schedulers.boundedElastic());
    }

    public Mono<Boolean> spendDecoyCheck(String password) {
        return matches(password, decoy).thenReturn(false);
    }
}

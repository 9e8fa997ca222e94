package dev.relaydesk.gateway.lockout;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Counts failed logins per client IP and blocks an IP after too many in a row (three, for five minutes, by default),
 * in memory or in Redis so that every replica sees the same block. A storage failure never refuses a request: the
 * gateway then behaves as if the IP were clear.
 */
public interface LoginLockout {

    /** What is known of an IP before its credentials are checked. */
    record Status(Duration blockedFor, boolean hasFailures) {

        public static final Status CLEAR = new Status(Duration.ZERO, false);
        public static final Status FAILED_BEFORE = new Status(Duration.ZERO, true);

        public boolean blocked() {
            return !blockedFor.isZero();
        }
    }

    Mono<Status> status(String ip);

    /** A failed login from the IP; blocks it when it is one too many. */
    Mono<Void> recordFailure(String ip);

    /** A successful login from the IP: its failures in a row start again from zero. */
    Mono<Void> recordSuccess(String ip);

    /** Lock-out switched off. */
    LoginLockout DISABLED = new LoginLockout() {
        private final Mono<Status> clear = Mono.just(Status.CLEAR);

        @Override
        public Mono<Status> status(String ip) {
            return clear;
        }

        @Override
        public Mono<Void> recordFailure(String ip) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> recordSuccess(String ip) {
            return Mono.empty();
        }
    };
}

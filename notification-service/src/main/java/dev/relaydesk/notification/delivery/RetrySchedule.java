package dev.relaydesk.notification.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: the configured delays (exponential by default: 5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 10 h), each varied at random by up to {@code jitter} so that a recovering endpoint is not hit by every retry at
 * once.
 */
record RetrySchedule(List<Duration> delays, double jitter) {

    /** The delay after the {@code attempts}-th failed attempt, or empty when it was the last one. */
    Optional<Duration> after(int attempts) {
        if (attempts < 1 || attempts > delays.size()) {
            return Optional.empty();
        }
        long millis = delays.get(attempts - 1).toMillis();
        double factor = 1 + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextDouble(-jitter, jitter));
        return Optional.of(Duration.ofMillis(Math.max(0, Math.round(millis * factor))));
    }
}

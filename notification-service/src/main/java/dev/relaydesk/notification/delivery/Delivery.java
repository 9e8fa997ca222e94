package dev.relaydesk.notification.delivery;

import java.time.Instant;
import java.util.List;

/** A delivery as administrators see it: its state, last result and (when read singly) every attempt. */
public record Delivery(
        long id,
        long subscriptionId,
        String webhookId,
        String eventId,
        String eventType,
        String status,
        int attempts,
        Instant nextAttemptAt,
        Integer lastStatusCode,
        String lastResponse,
        String lastError,
        Long lastLatencyMs,
        Long redeliveryOf,
        Instant createdAt,
        Instant completedAt,
        List<Attempt> attemptLog) {

    /** One HTTP attempt: outcome {@code delivered}, {@code retrying} or {@code failed}. */
    public record Attempt(
            int attempt,
            Instant attemptedAt,
            String outcome,
            Integer statusCode,
            String response,
            String error,
            long latencyMs) {}
}

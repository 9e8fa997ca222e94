package dev.relaydesk.notification.api.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.relaydesk.notification.webhook.Subscription;
import java.time.Instant;
import java.util.List;

/** A subscription in the webhooks API; {@code secret} only in the responses that create or rotate it. */
record SubscriptionView(
        long id,
        String url,
        List<String> eventTypes,
        List<Long> categoryIds,
        boolean active,
        String description,
        Instant createdAt,
        Instant updatedAt,
        Instant disabledAt,
        String disabledReason,
        @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

    static SubscriptionView of(Subscription s, String secret) {
        return new SubscriptionView(
                s.id(),
                s.url(),
                s.eventTypes(),
                s.categoryIds(),
                s.active(),
                s.description(),
                s.createdAt(),
                s.updatedAt(),
                s.disabledAt(),
                s.disabledReason(),
                secret);
    }
}

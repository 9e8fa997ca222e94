package dev.relaydesk.notification.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's webhook endpoint and the events it wants.
 *
 * @param categoryIds null: events of every category (and events without one); otherwise only events whose ticket or
 *     category is one of these
 * @param disabledAt when the dispatcher disabled the endpoint after it failed continuously; null otherwise
 */
public record Subscription(
        long id,
        String url,
        List<String> eventTypes,
        List<Long> categoryIds,
        boolean active,
        String description,
        Instant createdAt,
        Instant updatedAt,
        Instant disabledAt,
        String disabledReason) {

    /** Whether an event of this type and category (null when it has none) goes to this endpoint. */
    public boolean wants(String type, Long categoryId) {
        if (!active) {
            return false;
        }
        if (categoryIds != null && (categoryId == null || !categoryIds.contains(categoryId))) {
            return false;
        }
        return eventTypes.stream()
                .map(EventTypePattern::parse)
                .flatMap(java.util.Optional::stream)
                .anyMatch(p -> p.matches(type));
    }
}

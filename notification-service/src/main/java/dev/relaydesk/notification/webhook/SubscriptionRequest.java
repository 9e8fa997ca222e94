package dev.relaydesk.notification.webhook;

import java.util.List;

/** What an administrator sends to create or replace a subscription; validated by {@link WebhookSubscriptions}. */
public record SubscriptionRequest(
        String url, List<String> eventTypes, List<Long> categoryIds, Boolean active, String description) {}

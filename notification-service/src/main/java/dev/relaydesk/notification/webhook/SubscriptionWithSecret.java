package dev.relaydesk.notification.webhook;

/** A subscription with its signing secret: returned only when the secret is created or rotated. */
public record SubscriptionWithSecret(Subscription subscription, String secret) {}

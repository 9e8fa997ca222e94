package dev.relaydesk.notification.delivery;

import dev.relaydesk.contract.TenantId;
import java.time.Instant;

/** A claimed delivery, with everything needed to send it without another database read. */
record DeliveryJob(
        TenantId tenant,
        long deliveryId,
        long subscriptionId,
        String orderingKey,
        String url,
        String secret,
        String webhookId,
        String payload,
        int attempts,
        Instant createdAt) {}

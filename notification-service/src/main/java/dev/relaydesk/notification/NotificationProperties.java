package dev.relaydesk.notification;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * notification-service settings, under {@code relaydesk.notifications}.
 *
 * @param webhooks outgoing webhook delivery
 * @param mail e-mail notifications
 * @param automation commands of automation rules (send-email, call-webhook)
 */
@ConfigurationProperties("relaydesk.notifications")
public record NotificationProperties(
        @DefaultValue Webhooks webhooks, @DefaultValue Mail mail, @DefaultValue Automation automation) {

    /**
     * @param retrySchedule the delays before the 2nd, 3rd, ... attempt (Standard Webhooks' schedule by default: about
     *     27 hours in all); after the last one the delivery fails
     * @param jitter each delay is varied by up to this fraction, up or down
     * @param disableAfter an endpoint whose attempts have all failed for this long is disabled
     * @param timeout per attempt (connect, send, response)
     * @param responseExcerptBytes how much of a response body is read and logged
     * @param maxConcurrencyPerEndpoint requests in flight to one subscription at once
     * @param maxQueuedPerEndpoint deliveries waiting in memory for one subscription; beyond that they wait in the
     *     database for the poller
     * @param pollInterval how often the dispatcher looks for due retries and abandoned leases (fresh deliveries never
     *     wait for it)
     * @param lease how long a replica owns a claimed delivery before another replica may take it over
     * @param pollBatch most deliveries claimed per poll
     * @param queueDepthInterval how often the queue-depth gauge is read from the database
     * @param allowPrivateAddresses accept URLs on loopback, private and link-local addresses (tests, local stack)
     * @param allowHttp accept plain {@code http} URLs (tests, local stack)
     */
    public record Webhooks(
            @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h"}) List<Duration> retrySchedule,
            @DefaultValue("0.2") double jitter,
            @DefaultValue("5d") Duration disableAfter,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("4096") int responseExcerptBytes,
            @DefaultValue("8") int maxConcurrencyPerEndpoint,
            @DefaultValue("1000") int maxQueuedPerEndpoint,
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("2m") Duration lease,
            @DefaultValue("200") int pollBatch,
            @DefaultValue("15s") Duration queueDepthInterval,
            @DefaultValue("false") boolean allowPrivateAddresses,
            @DefaultValue("false") boolean allowHttp) {

        public Webhooks {
            if (jitter < 0 || jitter >= 1) {
                throw new IllegalArgumentException("relaydesk.notifications.webhooks.jitter must be in [0, 1)");
            }
            if (maxConcurrencyPerEndpoint < 1 || maxQueuedPerEndpoint < 1 || pollBatch < 1) {
                throw new IllegalArgumentException("relaydesk.notifications.webhooks limits must be positive");
            }
            if (lease.compareTo(timeout.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException(
                        "relaydesk.notifications.webhooks.lease must be at least 2 timeouts");
            }
            retrySchedule = List.copyOf(retrySchedule);
        }
    }

    /**
     * @param enabled whether e-mail is sent at all
     * @param from the sender address
     */
    public record Mail(
            @DefaultValue("true") boolean enabled, @DefaultValue("Relaydesk <noreply@relaydesk.local>") String from) {}

    /**
     * @param webhookRetryDelays the delays before the 2nd, 3rd, ... attempt of a rule's webhook call (a one-shot call,
     *     not a subscription: with the 10 s timeout, three attempts end within a minute, then it is given up)
     */
    public record Automation(@DefaultValue({"5s", "15s"}) List<Duration> webhookRetryDelays) {

        public Automation {
            webhookRetryDelays = List.copyOf(webhookRetryDelays);
        }
    }
}

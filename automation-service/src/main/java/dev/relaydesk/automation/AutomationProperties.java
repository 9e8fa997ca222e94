package dev.relaydesk.automation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * automation-service settings, under {@code relaydesk.automation}.
 *
 * @param maxDepth the longest chain of rule firings started by one human change; a deeper firing is stopped and logged
 * @param ticketUrl the ticket link offered as {@code #url#} in templates; {@code {ticketId}} is replaced
 * @param topicPartitions partitions of the topics this service declares
 * @param ticketEventConsumers consumer threads on {@code ticket.tickets} (one ticket's events stay on one thread). One
 *     is the default: a polled batch commits as one transaction, so one thread keeps up with hundreds of events a
 *     second, and fewer threads mean bigger batches, fewer transactions and fewer broker round trips; more replicas
 *     (up to the topic's partitions) scale it out. More threads only pay off on a replica with cores to spare.
 * @param scheduler the evaluation of time-based rules
 */
@ConfigurationProperties("relaydesk.automation")
public record AutomationProperties(
        @DefaultValue("3") int maxDepth,
        @DefaultValue("/Ticket/{ticketId}") String ticketUrl,
        @DefaultValue("3") int topicPartitions,
        @DefaultValue("1") int ticketEventConsumers,
        @DefaultValue Scheduler scheduler) {

    public AutomationProperties {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("relaydesk.automation.max-depth must be at least 1");
        }
        if (ticketEventConsumers < 1) {
            throw new IllegalArgumentException("relaydesk.automation.ticket-event-consumers must be at least 1");
        }
    }

    /**
     * @param enabled whether this replica runs the scheduler (every replica may; they skip each other's rows)
     * @param interval time between two ticks
     * @param batchSize the most due timers one tenant's transaction handles per tick
     */
    public record Scheduler(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("30s") Duration interval,
            @DefaultValue("200") int batchSize) {

        public Scheduler {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("relaydesk.automation.scheduler.interval must be positive");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("relaydesk.automation.scheduler.batch-size must be at least 1");
            }
        }
    }
}

package dev.relaydesk.automation.rule;

/**
 * A rule's trigger.
 *
 * @param minutes for time triggers that need an amount: how long (null otherwise)
 * @param workingHours for time triggers: count only the tenant's working hours
 */
public record RuleTrigger(Trigger type, Long minutes, boolean workingHours) {}

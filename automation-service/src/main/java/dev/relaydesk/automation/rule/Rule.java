package dev.relaydesk.automation.rule;

import java.time.Instant;

/** A tenant's automation rule; rules run in {@code position} order. */
public record Rule(
        long id,
        String name,
        int position,
        boolean enabled,
        RuleDefinition definition,
        Instant createdAt,
        Instant updatedAt) {}

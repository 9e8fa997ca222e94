package dev.relaydesk.automation.rule;

/**
 * A rule as an administrator writes it.
 *
 * @param position where it goes in the order (1 = first); null appends it (or keeps its place when updating)
 */
public record NewRule(String name, boolean enabled, Integer position, RuleDefinition definition) {}

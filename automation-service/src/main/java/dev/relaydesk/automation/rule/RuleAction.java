package dev.relaydesk.automation.rule;

import java.util.Map;

/**
 * One action of a rule, with its validated parameters under their API names (such as {@code priorityId}, or
 * {@code mode} and {@code userId} for {@code assign}). Text parameters may hold placeholders.
 */
public record RuleAction(ActionType type, Map<String, Object> params) {}

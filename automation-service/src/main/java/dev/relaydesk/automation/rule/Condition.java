package dev.relaydesk.automation.rule;

/**
 * One test of a rule.
 *
 * @param fieldId the custom field's id when {@code field} is {@link ConditionField#CUSTOM_FIELD}, else null
 * @param value what the field is compared with (null for {@link Operator#CHANGED}, or to test for "not set")
 */
public record Condition(ConditionField field, String fieldId, Operator operator, String value) {}

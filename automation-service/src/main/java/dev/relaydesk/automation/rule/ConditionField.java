package dev.relaydesk.automation.rule;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The ticket fields a condition can test, each with the operators that make sense for its kind of value. */
public enum ConditionField {
    STATUS("status", Kind.ID, "statusId"),
    PRIORITY("priority", Kind.ID, "priorityId"),
    CATEGORY("category", Kind.ID, "categoryId"),
    ASSIGNEE("assignee", Kind.ID, "assignedToUserId"),
    SUBMITTER("submitter", Kind.ID, "submitterUserId"),
    COMPANY("company", Kind.ID, "companyId"),
    TAGS("tags", Kind.TAGS, "tags"),
    CUSTOM_FIELD("customField", Kind.TEXT, "customField:"),
    SUBJECT("subject", Kind.TEXT, "subject"),
    BODY("body", Kind.TEXT, "body"),
    LATEST_REPLY("latestReply", Kind.TEXT, "latestReply"),
    ORIGIN("origin", Kind.TEXT, "origin"),
    DUE_DATE("dueDate", Kind.TIME, "dueDate"),
    CREATED_AT("createdAt", Kind.TIME, "createdAt"),
    UPDATED_AT("updatedAt", Kind.TIME, "updatedAt");

    /** The kinds of values, and their operators. */
    public enum Kind {
        ID(EnumSet.of(
                Operator.IS, Operator.IS_NOT, Operator.CHANGED, Operator.CHANGED_TO, Operator.GREATER, Operator.LESS)),
        TEXT(EnumSet.of(
                Operator.IS,
                Operator.IS_NOT,
                Operator.CHANGED,
                Operator.CHANGED_TO,
                Operator.CONTAINS,
                Operator.DOES_NOT_CONTAIN,
                Operator.GREATER,
                Operator.LESS)),
        TAGS(EnumSet.of(Operator.IS, Operator.IS_NOT, Operator.CHANGED, Operator.CONTAINS, Operator.DOES_NOT_CONTAIN)),
        TIME(EnumSet.of(
                Operator.IS, Operator.IS_NOT, Operator.CHANGED, Operator.BEFORE, Operator.AFTER, Operator.WITHIN));

        private final Set<Operator> operators;

        Kind(Set<Operator> operators) {
            this.operators = operators;
        }

        public boolean allows(Operator operator) {
            return operators.contains(operator);
        }
    }

    private final String wire;
    private final Kind kind;
    private final String changeKey;

    ConditionField(String wire, Kind kind, String changeKey) {
        this.wire = wire;
        this.kind = kind;
        this.changeKey = changeKey;
    }

    public String wire() {
        return wire;
    }

    public Kind kind() {
        return kind;
    }

    /** The field's name in ticket-service's {@code changes} (custom fields append their id). */
    public String changeKey(String fieldId) {
        return this == CUSTOM_FIELD ? changeKey + fieldId : changeKey;
    }

    public static Optional<ConditionField> of(String wire) {
        return Arrays.stream(values())
                .filter(f -> f.wire.equalsIgnoreCase(wire))
                .findFirst();
    }
}

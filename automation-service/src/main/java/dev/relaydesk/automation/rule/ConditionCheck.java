package dev.relaydesk.automation.rule;

import dev.relaydesk.automation.ticket.FieldChange;
import dev.relaydesk.automation.ticket.TicketSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether a rule's conditions hold for a ticket, given what the triggering event changed. Text comparisons
 * ignore case; {@code within} means at most that far from now, in the past or the future.
 */
public final class ConditionCheck {

    private ConditionCheck() {}

    /** Whether the rule's conditions hold (all of them or any of them; no conditions always hold). */
    public static boolean holds(
            RuleDefinition rule, TicketSnapshot ticket, Map<String, FieldChange> changes, Instant now) {
        List<Condition> conditions = rule.conditions();
        if (conditions.isEmpty()) {
            return true;
        }
        return rule.matchAll()
                ? conditions.stream().allMatch(c -> matches(c, ticket, changes, now))
                : conditions.stream().anyMatch(c -> matches(c, ticket, changes, now));
    }

    public static boolean matches(Condition c, TicketSnapshot ticket, Map<String, FieldChange> changes, Instant now) {
        ConditionField field = c.field();
        return switch (c.operator()) {
            case IS -> is(c, ticket);
            case IS_NOT -> !is(c, ticket);
            case CHANGED -> changes.containsKey(field.changeKey(c.fieldId()));
            case CHANGED_TO -> {
                FieldChange change = changes.get(field.changeKey(c.fieldId()));
                yield change != null && sameValue(field, change.newValue(), c.value());
            }
            case CONTAINS -> contains(c, ticket);
            case DOES_NOT_CONTAIN -> !contains(c, ticket);
            case GREATER -> {
                Integer order = compare(text(field, c.fieldId(), ticket), c.value());
                yield order != null && order > 0;
            }
            case LESS -> {
                Integer order = compare(text(field, c.fieldId(), ticket), c.value());
                yield order != null && order < 0;
            }
            case BEFORE -> {
                Instant at = time(field, ticket);
                yield at != null && at.isBefore(Instant.parse(c.value().trim()));
            }
            case AFTER -> {
                Instant at = time(field, ticket);
                yield at != null && at.isAfter(Instant.parse(c.value().trim()));
            }
            case WITHIN -> {
                Instant at = time(field, ticket);
                Duration limit = RuleFormat.Durations.parse(c.value());
                yield at != null
                        && limit != null
                        && Duration.between(now, at).abs().compareTo(limit) <= 0;
            }
        };
    }

    private static boolean is(Condition c, TicketSnapshot ticket) {
        ConditionField field = c.field();
        return switch (field.kind()) {
            case TAGS ->
                ticket.tags().stream()
                        .anyMatch(tag -> tag.equalsIgnoreCase(c.value().trim()));
            case TIME -> {
                Instant at = time(field, ticket);
                yield c.value() == null || c.value().isBlank()
                        ? at == null
                        : at != null && at.equals(Instant.parse(c.value().trim()));
            }
            case ID, TEXT -> sameValue(field, text(field, c.fieldId(), ticket), c.value());
        };
    }

    private static boolean contains(Condition c, TicketSnapshot ticket) {
        if (c.field().kind() == ConditionField.Kind.TAGS) {
            return ticket.tags().stream()
                    .anyMatch(tag -> tag.equalsIgnoreCase(c.value().trim()));
        }
        String value = text(c.field(), c.fieldId(), ticket);
        return value != null
                && value.toLowerCase(Locale.ROOT).contains(c.value().toLowerCase(Locale.ROOT));
    }

    private static boolean sameValue(ConditionField field, String actual, String expected) {
        boolean actualEmpty = actual == null || actual.isBlank();
        boolean expectedEmpty = expected == null || expected.isBlank();
        if (actualEmpty || expectedEmpty) {
            return actualEmpty && expectedEmpty;
        }
        if (field.kind() == ConditionField.Kind.ID) {
            Integer order = compare(actual, expected);
            return order != null && order == 0;
        }
        if (field.kind() == ConditionField.Kind.TAGS) {
            return actual.toLowerCase(Locale.ROOT).contains(expected.trim().toLowerCase(Locale.ROOT));
        }
        return actual.trim().equalsIgnoreCase(expected.trim());
    }

    /** Numeric comparison; null when either side is not a number (then it is neither equal, greater nor less). */
    private static Integer compare(String actual, String expected) {
        if (actual == null || expected == null) {
            return null;
        }
        String a = actual.trim();
        String b = expected.trim();
        if (integral(a) && integral(b)) {
            // ids and most numbers: no floating-point parsing (this runs for every rule on every event)
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        try {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether the text is a whole number that fits a long (at most 18 digits, an optional leading minus). */
    private static boolean integral(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() == start || s.length() - start > 18) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static String text(ConditionField field, String fieldId, TicketSnapshot t) {
        return switch (field) {
            case STATUS -> string(t.statusId());
            case PRIORITY -> string(t.priorityId());
            case CATEGORY -> string(t.categoryId());
            case ASSIGNEE -> string(t.assignedToUserId());
            case SUBMITTER -> string(t.submitterUserId());
            case COMPANY -> string(t.companyId());
            case TAGS -> String.join(",", t.tags());
            case CUSTOM_FIELD -> t.customFields().get(fieldId);
            case SUBJECT -> t.subject();
            case BODY -> t.body();
            case LATEST_REPLY -> t.latestReply();
            case ORIGIN -> t.origin();
            case DUE_DATE, CREATED_AT, UPDATED_AT -> string(time(field, t));
        };
    }

    static Instant time(ConditionField field, TicketSnapshot t) {
        return switch (field) {
            case DUE_DATE -> t.dueDate();
            case CREATED_AT -> t.createdAt();
            case UPDATED_AT -> t.lastActivityAt();
            default -> null;
        };
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}

package dev.relaydesk.automation.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.automation.ticket.FieldChange;
import dev.relaydesk.automation.ticket.TicketSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every operator on the kinds of fields it applies to. */
class ConditionCheckTest {

    final Instant now = Instant.parse("2026-03-02T12:00:00Z");
    final TicketSnapshot ticket = new TicketSnapshot(
            7,
            "Printer URGENT",
            "<p>help</p>",
            3L,
            1L,
            1L,
            "email",
            100L,
            null,
            50L,
            null,
            List.of("vip", "printer"),
            now.plus(Duration.ofHours(3)),
            Map.of("12", "Gold", "13", "42"),
            now.minus(Duration.ofDays(2)),
            now.minus(Duration.ofMinutes(10)),
            null,
            false,
            false,
            "Still broken",
            now.minus(Duration.ofMinutes(5)),
            100L);
    final Map<String, FieldChange> changes = Map.of(
            "statusId",
            new FieldChange("statusId", "2", "1"),
            "customField:12",
            new FieldChange("customField:12", null, "Gold"));

    boolean check(ConditionField field, String fieldId, Operator operator, String value) {
        return ConditionCheck.matches(new Condition(field, fieldId, operator, value), ticket, changes, now);
    }

    @Test
    void isAndIsNot() {
        assertThat(check(ConditionField.CATEGORY, null, Operator.IS, "3")).isTrue();
        assertThat(check(ConditionField.CATEGORY, null, Operator.IS_NOT, "3")).isFalse();
        assertThat(check(ConditionField.ASSIGNEE, null, Operator.IS, "")).isTrue();
        assertThat(check(ConditionField.ORIGIN, null, Operator.IS, "EMAIL")).isTrue();
        assertThat(check(ConditionField.TAGS, null, Operator.IS, "VIP")).isTrue();
        assertThat(check(ConditionField.TAGS, null, Operator.IS_NOT, "spam")).isTrue();
        assertThat(check(ConditionField.CUSTOM_FIELD, "12", Operator.IS, "gold"))
                .isTrue();
    }

    @Test
    void changedAndChangedTo() {
        assertThat(check(ConditionField.STATUS, null, Operator.CHANGED, null)).isTrue();
        assertThat(check(ConditionField.PRIORITY, null, Operator.CHANGED, null)).isFalse();
        assertThat(check(ConditionField.STATUS, null, Operator.CHANGED_TO, "1")).isTrue();
        assertThat(check(ConditionField.STATUS, null, Operator.CHANGED_TO, "2")).isFalse();
        assertThat(check(ConditionField.CUSTOM_FIELD, "12", Operator.CHANGED_TO, "gold"))
                .isTrue();
        assertThat(check(ConditionField.CUSTOM_FIELD, "13", Operator.CHANGED, null))
                .isFalse();
    }

    @Test
    void containsAndDoesNotContainIgnoreCase() {
        assertThat(check(ConditionField.SUBJECT, null, Operator.CONTAINS, "urgent"))
                .isTrue();
        assertThat(check(ConditionField.BODY, null, Operator.DOES_NOT_CONTAIN, "HELP"))
                .isFalse();
        assertThat(check(ConditionField.LATEST_REPLY, null, Operator.CONTAINS, "broken"))
                .isTrue();
        assertThat(check(ConditionField.TAGS, null, Operator.CONTAINS, "printer"))
                .isTrue();
        assertThat(check(ConditionField.TAGS, null, Operator.DOES_NOT_CONTAIN, "print"))
                .isTrue();
    }

    @Test
    void greaterAndLessCompareNumbers() {
        assertThat(check(ConditionField.PRIORITY, null, Operator.GREATER, "0")).isTrue();
        assertThat(check(ConditionField.PRIORITY, null, Operator.LESS, "1")).isFalse();
        assertThat(check(ConditionField.CUSTOM_FIELD, "13", Operator.GREATER, "41.5"))
                .isTrue();
        assertThat(check(ConditionField.CUSTOM_FIELD, "12", Operator.GREATER, "1"))
                .isFalse();
        assertThat(check(ConditionField.CUSTOM_FIELD, "12", Operator.LESS, "1")).isFalse();
    }

    @Test
    void beforeAfterAndWithinCompareTimes() {
        assertThat(check(ConditionField.DUE_DATE, null, Operator.AFTER, "2026-03-02T14:00:00Z"))
                .isTrue();
        assertThat(check(ConditionField.DUE_DATE, null, Operator.BEFORE, "2026-03-02T14:00:00Z"))
                .isFalse();
        assertThat(check(ConditionField.DUE_DATE, null, Operator.WITHIN, "PT4H"))
                .isTrue();
        assertThat(check(ConditionField.DUE_DATE, null, Operator.WITHIN, "120")).isFalse();
        assertThat(check(ConditionField.CREATED_AT, null, Operator.WITHIN, "PT1H"))
                .isFalse();
        assertThat(check(ConditionField.UPDATED_AT, null, Operator.WITHIN, "6")).isTrue();
    }

    @Test
    void allOrAnyOfTheConditions() {
        Condition yes = new Condition(ConditionField.SUBJECT, null, Operator.CONTAINS, "printer");
        Condition no = new Condition(ConditionField.SUBJECT, null, Operator.CONTAINS, "scanner");
        RuleTrigger trigger = new RuleTrigger(Trigger.TICKET_CREATED, null, false);
        List<RuleAction> close = List.of(new RuleAction(ActionType.CLOSE, Map.of()));
        assertThat(ConditionCheck.holds(
                        new RuleDefinition(trigger, true, List.of(yes, no), close), ticket, changes, now))
                .isFalse();
        assertThat(ConditionCheck.holds(
                        new RuleDefinition(trigger, false, List.of(yes, no), close), ticket, changes, now))
                .isTrue();
        assertThat(ConditionCheck.holds(new RuleDefinition(trigger, true, List.of(), close), ticket, changes, now))
                .isTrue();
    }
}

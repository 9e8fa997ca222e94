package dev.relaydesk.automation.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaydesk.automation.rule.RuleTrigger;
import dev.relaydesk.automation.rule.Trigger;
import dev.relaydesk.automation.settings.TenantSettings;
import dev.relaydesk.automation.ticket.TicketSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When each time trigger comes due for a ticket, and that closed or held tickets get no timer. */
class RuleTimersTest {

    final Instant created = Instant.parse("2026-01-05T08:00:00Z"); // Monday
    final Instant updated = Instant.parse("2026-01-05T10:00:00Z");
    final Instant due = Instant.parse("2026-01-06T12:00:00Z");

    TicketSnapshot ticket(Long statusId, boolean onHold, boolean closed) {
        return new TicketSnapshot(
                1, "s", "b", 1L, statusId, 0L, "api", 2L, null, null, null, List.of(), due, Map.of(), created, updated,
                null, onHold, closed, null, null, null);
    }

    @Test
    void eachTimeTriggerComesDueFromTheRightInstant() {
        TicketSnapshot t = ticket(1L, false, false);
        TenantSettings s = TenantSettings.DEFAULTS;
        assertThat(RuleTimers.due(new RuleTrigger(Trigger.OVERDUE, null, false), t, s))
                .isEqualTo(new RuleTimers.Due(due, due));
        assertThat(RuleTimers.due(new RuleTrigger(Trigger.WILL_BE_OVERDUE, 120L, false), t, s)
                        .at())
                .isEqualTo(Instant.parse("2026-01-06T10:00:00Z"));
        assertThat(RuleTimers.due(new RuleTrigger(Trigger.NOT_UPDATED_FOR, 30L, false), t, s))
                .isEqualTo(new RuleTimers.Due(Instant.parse("2026-01-05T10:30:00Z"), updated));
        assertThat(RuleTimers.due(new RuleTrigger(Trigger.CREATED_MORE_THAN, 60L, false), t, s)
                        .at())
                .isEqualTo(Instant.parse("2026-01-05T09:00:00Z"));
        // counting working hours (09:00-17:00 UTC): 8 working hours after Monday 10:00 is Tuesday 10:00
        assertThat(RuleTimers.due(new RuleTrigger(Trigger.NOT_UPDATED_FOR, 480L, true), t, s)
                        .at())
                .isEqualTo(Instant.parse("2026-01-06T10:00:00Z"));
    }

    @Test
    void closedOrHeldTicketsHaveNoTimers() {
        RuleTrigger overdue = new RuleTrigger(Trigger.OVERDUE, null, false);
        TenantSettings pausing = new TenantSettings(
                TenantSettings.DEFAULTS.timeZone(),
                TenantSettings.DEFAULTS.workDays(),
                TenantSettings.DEFAULTS.start(),
                TenantSettings.DEFAULTS.end(),
                java.util.Set.of(6L));
        assertThat(RuleTimers.due(overdue, ticket(1L, true, false), pausing)).isNull();
        assertThat(RuleTimers.due(overdue, ticket(6L, false, false), pausing)).isNull();
        assertThat(RuleTimers.due(overdue, ticket(1L, false, true), pausing)).isNull();
        assertThat(RuleTimers.due(overdue, ticket(1L, false, false), pausing)).isNotNull();
    }
}

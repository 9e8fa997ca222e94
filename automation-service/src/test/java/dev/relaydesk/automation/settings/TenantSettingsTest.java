package dev.relaydesk.automation.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Working-time arithmetic for time rules that count working hours only. */
class TenantSettingsTest {

    // Monday to Friday, 09:00 to 17:00 in Berlin (UTC+1 in January).
    final TenantSettings berlin = new TenantSettings(
            ZoneId.of("Europe/Berlin"),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
            LocalTime.of(9, 0),
            LocalTime.of(17, 0),
            Set.of(6L));

    @Test
    void workingTimeWithinOneDayIsPlainAddition() {
        // Monday 2026-01-05 10:00 Berlin = 09:00 UTC
        assertThat(berlin.plusWorking(Instant.parse("2026-01-05T09:00:00Z"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2026-01-05T11:00:00Z"));
    }

    @Test
    void workingTimeSkipsNightsAndWeekends() {
        // Friday 2026-01-09 16:00 Berlin + 3 working hours = Monday 11:00 Berlin (10:00 UTC)
        assertThat(berlin.plusWorking(Instant.parse("2026-01-09T15:00:00Z"), Duration.ofHours(3)))
                .isEqualTo(Instant.parse("2026-01-12T10:00:00Z"));
        // Saturday counts from Monday's start
        assertThat(berlin.plusWorking(Instant.parse("2026-01-10T12:00:00Z"), Duration.ofMinutes(30)))
                .isEqualTo(Instant.parse("2026-01-12T08:30:00Z"));
    }

    @Test
    void workingTimeBackwardsSkipsNightsAndWeekends() {
        // Monday 2026-01-12 10:00 Berlin - 2 working hours = Friday 16:00 Berlin (15:00 UTC)
        assertThat(berlin.minusWorking(Instant.parse("2026-01-12T09:00:00Z"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2026-01-09T15:00:00Z"));
    }

    @Test
    void pausedStatusesAreOnHold() {
        assertThat(berlin.paused(6L)).isTrue();
        assertThat(berlin.paused(1L)).isFalse();
        assertThat(berlin.paused(null)).isFalse();
    }
}

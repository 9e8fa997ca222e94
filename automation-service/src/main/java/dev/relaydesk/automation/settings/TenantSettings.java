package dev.relaydesk.automation.settings;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * A tenant's automation settings: its working hours (time zone, working days, daily start and end), which time-based
 * rules may count in, and the statuses that pause escalation ("on hold").
 */
public record TenantSettings(
        ZoneId timeZone, Set<DayOfWeek> workDays, LocalTime start, LocalTime end, Set<Long> pausedStatusIds) {

    /** Until an administrator says otherwise: Monday to Friday, 09:00 to 17:00 UTC, no paused statuses. */
    public static final TenantSettings DEFAULTS = new TenantSettings(
            ZoneId.of("UTC"),
            Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY),
            LocalTime.of(9, 0),
            LocalTime.of(17, 0),
            Set.of());

    private static final int MAX_DAYS = 3_660;

    public TenantSettings {
        workDays = Set.copyOf(workDays);
        pausedStatusIds = Set.copyOf(pausedStatusIds);
    }

    public boolean paused(Long statusId) {
        return statusId != null && pausedStatusIds.contains(statusId);
    }

    /** The instant at which {@code amount} of working time has passed after {@code from}. */
    public Instant plusWorking(Instant from, Duration amount) {
        if (workDays.isEmpty() || !end.isAfter(start)) {
            return from.plus(amount);
        }
        ZonedDateTime at = from.atZone(timeZone);
        Duration left = amount;
        for (int day = 0; day < MAX_DAYS; day++) {
            LocalDate date = at.toLocalDate();
            if (workDays.contains(date.getDayOfWeek())) {
                ZonedDateTime open = date.atTime(start).atZone(timeZone);
                ZonedDateTime close = date.atTime(end).atZone(timeZone);
                ZonedDateTime begin = at.isBefore(open) ? open : at;
                if (begin.isBefore(close)) {
                    Duration available = Duration.between(begin, close);
                    if (left.compareTo(available) <= 0) {
                        return begin.plus(left).toInstant();
                    }
                    left = left.minus(available);
                }
            }
            at = date.plusDays(1).atStartOfDay(timeZone);
        }
        return from.plus(amount);
    }

    /** The instant {@code amount} of working time before {@code to}. */
    public Instant minusWorking(Instant to, Duration amount) {
        if (workDays.isEmpty() || !end.isAfter(start)) {
            return to.minus(amount);
        }
        ZonedDateTime at = to.atZone(timeZone);
        Duration left = amount;
        for (int day = 0; day < MAX_DAYS; day++) {
            LocalDate date = at.toLocalDate();
            if (workDays.contains(date.getDayOfWeek())) {
                ZonedDateTime open = date.atTime(start).atZone(timeZone);
                ZonedDateTime close = date.atTime(end).atZone(timeZone);
                ZonedDateTime finish = at.isAfter(close) ? close : at;
                if (finish.isAfter(open)) {
                    Duration available = Duration.between(open, finish);
                    if (left.compareTo(available) <= 0) {
                        return finish.minus(left).toInstant();
                    }
                    left = left.minus(available);
                }
            }
            at = date.atStartOfDay(timeZone).minusNanos(1);
        }
        return to.minus(amount);
    }
}

package dev.relaydesk.ticket.api.jitbit;

import dev.relaydesk.contract.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The primary dialect's dates: written as {@code 2024-05-05T17:25:31.127Z}, read as ISO dates or date-times (UTC). */
final class JitbitDates {

    private JitbitDates() {}

    static String format(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** A date-time parameter (an ISO instant, a local date-time or a date, taken as UTC); null when absent. */
    static Instant dateTime(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException ignored) {
            // next format
        }
        try {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // next format
        }
        try {
            return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            throw ApiException.badParameter(parameter, "must be a date (YYYY-MM-DD) or an ISO date-time");
        }
    }

    /** An upper date bound: a plain date includes the whole day. */
    static Instant dateTimeTo(String parameter, String value) {
        Instant instant = dateTime(parameter, value);
        if (instant == null) {
            return null;
        }
        return value.trim().length() == 10 ? instant.plus(1, ChronoUnit.DAYS) : instant;
    }
}

package org.trucewatch.geo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.trucewatch.problem.ProblemException;

/**
 * A closed time interval with optional open ends, parsed from the OGC API {@code datetime}
 * parameter (OGC 17-069r4 §7.15.4): an instant, a date, or {@code start/end} where either
 * end may be {@code ..} or empty. Instants are RFC 3339 date-times with an offset; a date
 * stands for its whole UTC day. Values are compared with microsecond precision, as stored.
 */
public record TimeInterval(Instant start, Instant end) {

    public static TimeInterval parse(String raw, String parameter) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String[] parts = raw.split("/", -1);
        if (parts.length > 2) {
            throw ProblemException.invalidParameter(parameter, "must be an instant or an interval start/end");
        }
        if (parts.length == 1) {
            if (isOpen(parts[0])) {
                throw ProblemException.invalidParameter(parameter, "a single value must be an instant or a date");
            }
            String only = parts[0].toUpperCase(Locale.ROOT);
            return new TimeInterval(startOf(only, parameter), endOf(only, parameter));
        }
        Instant start = isOpen(parts[0]) ? null : startOf(parts[0].toUpperCase(Locale.ROOT), parameter);
        Instant end = isOpen(parts[1]) ? null : endOf(parts[1].toUpperCase(Locale.ROOT), parameter);
        if (start != null && end != null && end.isBefore(start)) {
            throw ProblemException.invalidParameter(parameter, "the interval ends before it starts");
        }
        return new TimeInterval(start, end);
    }

    private static boolean isOpen(String part) {
        return part.isEmpty() || part.equals("..");
    }

    private static Instant startOf(String value, String parameter) {
        return value.contains("T") ? instant(value, parameter) : date(value, parameter).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static Instant endOf(String value, String parameter) {
        return value.contains("T") ? instant(value, parameter)
                : date(value, parameter).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusNanos(1000);
    }

    private static Instant instant(String value, String parameter) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidParameter(parameter,
                    "'" + value + "' is not an RFC 3339 date-time with offset (e.g. 2026-03-01T06:30:00Z)");
        }
    }

    private static LocalDate date(String value, String parameter) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidParameter(parameter, "'" + value + "' is not an RFC 3339 date or date-time");
        }
    }
}

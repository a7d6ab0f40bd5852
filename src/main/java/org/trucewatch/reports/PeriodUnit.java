package org.trucewatch.reports;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.IsoFields;
import java.util.Arrays;
import java.util.Optional;

/**
 * A period of the series, in the mechanism's time zone: PostgreSQL's {@code date_trunc} field
 * and the step between periods (weeks start on Monday, ISO 8601; quarters in January, April,
 * July and October).
 */
enum PeriodUnit {
    DAY("day", "1 day", Duration.ofDays(1)),
    WEEK("week", "1 week", Duration.ofDays(7)),
    MONTH("month", "1 month", Duration.ofDays(28)),
    QUARTER("quarter", "3 months", Duration.ofDays(90));

    /** The longest series one request may ask for. */
    static final int MAX_PERIODS = 1000;

    private final String field;
    private final String step;
    private final Duration shortest;

    PeriodUnit(String field, String step, Duration shortest) {
        this.field = field;
        this.step = step;
        this.shortest = shortest;
    }

    String field() {
        return field;
    }

    String step() {
        return step;
    }

    Duration shortest() {
        return shortest;
    }

    /** How a period is named: 2026-03-29, 2026-W13, 2026-03, 2026-Q1. */
    String label(LocalDateTime start) {
        return switch (this) {
            case DAY -> start.toLocalDate().toString();
            case WEEK -> start.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                    + String.format("%02d", start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> start.toLocalDate().toString().substring(0, 7);
            case QUARTER -> start.getYear() + "-Q" + start.get(IsoFields.QUARTER_OF_YEAR);
        };
    }

    static Optional<PeriodUnit> of(String code) {
        return Arrays.stream(values()).filter(u -> u.field.equals(code)).findFirst();
    }
}

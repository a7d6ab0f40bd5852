package org.trucewatch.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** A daily report runs from cut-off to cut-off in the mechanism's time zone: 23 or 25 hours across Beirut's clock changes. */
class DailyReportPeriodTest {
    static final ZoneId BEIRUT = ZoneId.of("Asia/Beirut");
    static final LocalTime CUTOFF = LocalTime.of(19, 30);

    @Test
    void theDayEndingAtTheCutOffJustPassed() {
        // 2026-06-10 19:31 in Beirut (UTC+3) is 16:31 UTC: the day from 06-09 19:30 to 06-10 19:30.
        DailyReports.Period day = DailyReports.lastDay(BEIRUT, CUTOFF, Instant.parse("2026-06-10T16:31:00Z"));
        assertThat(day.start()).isEqualTo(Instant.parse("2026-06-09T16:30:00Z"));
        assertThat(day.end()).isEqualTo(Instant.parse("2026-06-10T16:30:00Z"));
        // One minute before the cut-off, the day before is still the last one.
        assertThat(DailyReports.lastDay(BEIRUT, CUTOFF, Instant.parse("2026-06-10T16:29:00Z")).end())
                .isEqualTo(Instant.parse("2026-06-09T16:30:00Z"));
    }

    @Test
    void aDayAcrossTheSpringChangeIs23HoursAndAcrossTheAutumnChange25() {
        // 2026-03-28 19:30 +02 (17:30 UTC) to 2026-03-29 19:30 +03 (16:30 UTC).
        DailyReports.Period spring = DailyReports.lastDay(BEIRUT, CUTOFF, Instant.parse("2026-03-29T18:00:00Z"));
        assertThat(spring.start()).isEqualTo(Instant.parse("2026-03-28T17:30:00Z"));
        assertThat(spring.end()).isEqualTo(Instant.parse("2026-03-29T16:30:00Z"));
        // 2026-10-24 19:30 +03 (16:30 UTC) to 2026-10-25 19:30 +02 (17:30 UTC).
        DailyReports.Period autumn = DailyReports.lastDay(BEIRUT, CUTOFF, Instant.parse("2026-10-25T18:00:00Z"));
        assertThat(autumn.start()).isEqualTo(Instant.parse("2026-10-24T16:30:00Z"));
        assertThat(autumn.end()).isEqualTo(Instant.parse("2026-10-25T17:30:00Z"));
    }
}

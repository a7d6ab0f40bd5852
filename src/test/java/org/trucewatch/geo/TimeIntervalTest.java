package org.trucewatch.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trucewatch.problem.ProblemException;

class TimeIntervalTest {
    @Test
    void anInstantIsAZeroLengthInterval() {
        Instant t = Instant.parse("2026-03-01T04:30:00Z");
        assertThat(TimeInterval.parse("2026-03-01T06:30:00+02:00", "datetime")).isEqualTo(new TimeInterval(t, t));
    }

    @Test
    void aDateIsItsWholeUtcDay() {
        TimeInterval day = TimeInterval.parse("2026-03-01", "datetime");
        assertThat(day.start()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(day.end()).isEqualTo(Instant.parse("2026-03-01T23:59:59.999999Z"));
    }

    @Test
    void openEndsMayBeDotsOrEmpty() {
        assertThat(TimeInterval.parse("../2026-03-01T00:00:00Z", "datetime").start()).isNull();
        assertThat(TimeInterval.parse("2026-03-01T00:00:00Z/", "datetime").end()).isNull();
        assertThat(TimeInterval.parse("2026-03-01t00:00:00z/..", "datetime").start())
                .as("RFC 3339 allows lower-case t and z").isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "yesterday", "2026-03-01T00:00:00", "2026-02-30", "a/b/c",
            "2026-03-02T00:00:00Z/2026-03-01T00:00:00Z"})
    void badValuesAreRefusedNamingTheParameter(String raw) {
        assertThatThrownBy(() -> TimeInterval.parse(raw, "datetime")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.errors().get(0).parameter()).isEqualTo("datetime"));
    }
}

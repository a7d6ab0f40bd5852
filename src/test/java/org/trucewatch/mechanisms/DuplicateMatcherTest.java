package org.trucewatch.mechanisms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sight lines: two observers 1.5 km apart, an explosion about 1 km north of the midpoint between them. */
class DuplicateMatcherTest {
    // One degree of latitude is ~111 km; of longitude at 33° N, ~93 km.
    static final double[] WEST = {35.5000, 33.1000};
    static final double[] EAST = {35.5161, 33.1000};
    static final double[] EVENT = {35.5080, 33.1090};

    static DuplicateMatcher.Candidate incidentSeenFromEast(double bearing) {
        return new DuplicateMatcher.Candidate(UUID.randomUUID(), 300, 2, EAST, bearing, EVENT);
    }

    @Test
    void sightLinesThatMeetAtTheEventAgree() {
        var report = new DuplicateMatcher.SightLine(WEST, 37.0, EVENT);
        assertThat(DuplicateMatcher.pick(report, List.of(incidentSeenFromEast(323.0)), 2000)).isPresent();
    }

    @Test
    void sightLinesPointingAwayFromEachOtherAreTwoEvents() {
        var report = new DuplicateMatcher.SightLine(WEST, 37.0, EVENT);
        assertThat(DuplicateMatcher.pick(report, List.of(incidentSeenFromEast(143.0)), 2000)).isEmpty();
    }

    @Test
    void withoutBearingsDistanceAloneDecidesAndTheNearestWins() {
        var report = new DuplicateMatcher.SightLine(null, null, EVENT);
        var far = new DuplicateMatcher.Candidate(UUID.randomUUID(), 1500, 1, null, null, EVENT);
        var near = new DuplicateMatcher.Candidate(UUID.randomUUID(), 200, 8, null, null, EVENT);
        assertThat(DuplicateMatcher.pick(report, List.of(far, near), 2000)).contains(near);
    }
}

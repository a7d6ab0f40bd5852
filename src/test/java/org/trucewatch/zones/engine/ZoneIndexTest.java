package org.trucewatch.zones.engine;

import org.trucewatch.zones.model.Relation;
import org.trucewatch.zones.TestZones;
import org.trucewatch.zones.model.ZoneType;
import org.trucewatch.zones.model.ZoneVersion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.trucewatch.zones.TestZones.pointFrom;
import static org.trucewatch.zones.TestZones.wkt;
import static org.trucewatch.zones.TestZones.zone;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The geofence rules, table-driven, on the in-memory engine. Distances are checked against
 * positions built with SIS geodesics from a known boundary point, so a distance in degrees
 * or on a sphere would fail them.
 */
class ZoneIndexTest {
    static final Instant AT = Instant.parse("2026-03-01T06:00:00Z");
    /** A 2 km-ish square in south Lebanon; its south edge is the parallel 33.10°N from 35.40 to 35.42°E. */
    static final String SQUARE = "POLYGON ((35.40 33.10, 35.42 33.10, 35.42 33.12, 35.40 33.12, 35.40 33.10))";
    static final String WITH_HOLE = "POLYGON ((35.40 33.10, 35.42 33.10, 35.42 33.12, 35.40 33.12, 35.40 33.10),"
            + " (35.405 33.105, 35.405 33.115, 35.415 33.115, 35.415 33.105, 35.405 33.105))";
    static final String TWO_PARTS = "MULTIPOLYGON (((35.40 33.10, 35.42 33.10, 35.42 33.12, 35.40 33.12, 35.40 33.10)),"
            + " ((35.50 33.10, 35.52 33.10, 35.52 33.12, 35.50 33.12, 35.50 33.10)))";
    /** Fiji-like: one area on both sides of the antimeridian, split there as RFC 7946 §3.1.9 asks. */
    static final String ACROSS_180 = "MULTIPOLYGON (((179.9 -17.0, 180 -17.0, 180 -16.9, 179.9 -16.9, 179.9 -17.0)),"
            + " ((-180 -17.0, -179.9 -17.0, -179.9 -16.9, -180 -16.9, -180 -17.0)))";
    /** Digitised west to east: north of it is left. */
    static final String LINE = "LINESTRING (35.10 33.09, 35.20 33.10, 35.30 33.08, 35.40 33.10)";

    static ZoneIndex index(ZoneVersion... zones) {
        return new ZoneIndex(1, List.of(zones));
    }

    static ZoneFinding only(ZoneIndex index, String reportWkt, double accuracy) {
        List<ZoneFinding> findings = index.evaluate(wkt(reportWkt), accuracy, AT, 5000);
        assertThat(findings).as(reportWkt).hasSize(1);
        return findings.get(0);
    }

    static Stream<Arguments> areaCases() {
        // West edge midpoint (35.40, 33.11): the edge is a meridian, a great circle, so a geodesic
        // due east or west from it is the perpendicular. (Edges along parallels are not great
        // circles: the 1.9 km south edge bulges 4 cm north between its ends, as geography says.)
        return Stream.of(
                Arguments.of("1 m inside", SQUARE, pointFrom(35.40, 33.11, 90, 1), 0, Relation.INSIDE, 1.0),
                Arguments.of("1 m outside", SQUARE, pointFrom(35.40, 33.11, 270, 1), 0, Relation.OUTSIDE, 1.0),
                Arguments.of("on the boundary (edge)", SQUARE, "POINT (35.40 33.11)", 0, Relation.INSIDE, 0.0),
                Arguments.of("on the boundary (vertex)", SQUARE, "POINT (35.42 33.12)", 0, Relation.INSIDE, 0.0),
                Arguments.of("10 m inside, 25 m accuracy", SQUARE, pointFrom(35.40, 33.11, 90, 10), 25,
                        Relation.INDETERMINATE, 10.0),
                Arguments.of("10 m outside, 25 m accuracy", SQUARE, pointFrom(35.40, 33.11, 270, 10), 25,
                        Relation.INDETERMINATE, 10.0),
                Arguments.of("30 m inside, 25 m accuracy", SQUARE, pointFrom(35.40, 33.11, 90, 30), 25,
                        Relation.INSIDE, 30.0),
                Arguments.of("30 m outside, 25 m accuracy", SQUARE, pointFrom(35.40, 33.11, 270, 30), 25,
                        Relation.OUTSIDE, 30.0),
                Arguments.of("on the boundary, 5 m accuracy", SQUARE, "POINT (35.40 33.11)", 5,
                        Relation.INDETERMINATE, 0.0),
                Arguments.of("in the hole, 100 m from its west edge", WITH_HOLE, pointFrom(35.405, 33.11, 90, 100), 0,
                        Relation.OUTSIDE, 100.0),
                Arguments.of("between hole and shell, 40 m west of the hole", WITH_HOLE,
                        pointFrom(35.405, 33.11, 270, 40), 0, Relation.INSIDE, 40.0),
                Arguments.of("in the second part of a multipolygon", TWO_PARTS, pointFrom(35.52, 33.11, 270, 7), 0,
                        Relation.INSIDE, 7.0),
                Arguments.of("between the parts of a multipolygon", TWO_PARTS, pointFrom(35.50, 33.11, 270, 300), 0,
                        Relation.OUTSIDE, 300.0),
                Arguments.of("across the antimeridian, west side, near the cut", ACROSS_180,
                        pointFrom(179.9999, -16.95, 0, 0), 0, Relation.INSIDE, 5532.0),
                Arguments.of("across the antimeridian, east side, 3 m from its east edge", ACROSS_180,
                        pointFrom(-179.9, -16.95, 270, 3), 0, Relation.INSIDE, 3.0),
                Arguments.of("across the antimeridian, 50 m east of it", ACROSS_180,
                        pointFrom(-179.9, -16.95, 90, 50), 0, Relation.OUTSIDE, 50.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("areaCases")
    void areas(String name, String zoneWkt, String report, double accuracy, Relation relation, double metres) {
        ZoneFinding finding = only(index(zone("z", ZoneType.BUFFER_ZONE, zoneWkt, "{}")), report, accuracy);
        assertThat(finding.relation()).isEqualTo(relation);
        // 1 cm: the chord under a ≤1 km edge sags 2 cm at most; the reference here is SIS itself.
        assertThat(finding.distanceM()).isCloseTo(metres, within(Math.max(0.02, metres * 2e-3)));
    }

    @Test
    void aZoneAcrossTheAntimeridianIsNotABandRoundTheGlobe() {
        ZoneIndex index = index(zone("fiji", ZoneType.BUFFER_ZONE, ACROSS_180, "{}"));
        for (double lon : new double[] {0, 90, -90, 179.0, -179.0}) {
            assertThat(index.evaluate(wkt("POINT (" + lon + " -16.95)"), 0, AT, 5000)).as("lon " + lon).isEmpty();
            assertThat(index.countCovering(new org.locationtech.jts.geom.Coordinate(lon, -16.95), AT)).isZero();
        }
    }

    @Test
    void aReportNearTheAntimeridianFindsTheZoneOnTheOtherSide() {
        ZoneIndex index = index(zone("east-half", ZoneType.BUFFER_ZONE,
                "POLYGON ((-180 -17.0, -179.9 -17.0, -179.9 -16.9, -180 -16.9, -180 -17.0))", "{}"));
        // 1 km west of the antimeridian: the only boundary near it is the cut edge, which belongs to
        // the zone's other half; here the zone is only the east half, so the edge at 180° is real.
        ZoneFinding finding = only(index, pointFrom(-180, -16.95, 270, 1000), 0);
        assertThat(finding.relation()).isEqualTo(Relation.OUTSIDE);
        assertThat(finding.distanceM()).isCloseTo(1000, within(1.0));
    }

    static Stream<Arguments> lineSides() {
        return Stream.of(
                Arguments.of(pointFrom(35.15, 33.095, 0, 50), "left", "LB"),
                Arguments.of(pointFrom(35.15, 33.095, 180, 50), "right", "IL"),
                // near the convex and concave vertices
                Arguments.of(pointFrom(35.20, 33.10, 0, 20), "left", "LB"),
                Arguments.of(pointFrom(35.20, 33.10, 180, 20), "right", "IL"),
                Arguments.of(pointFrom(35.30, 33.08, 180, 20), "right", "IL"),
                Arguments.of(pointFrom(35.30, 33.08, 0, 20), "left", "LB"),
                Arguments.of(pointFrom(35.30, 33.08, 45, 15), "left", "LB"),
                Arguments.of(pointFrom(35.20, 33.10, 135, 15), "right", "IL"));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("lineSides")
    void sideOfTheLine(String report, String side, String label) {
        ZoneIndex index = index(zone("blue", ZoneType.CEASEFIRE_LINE, LINE,
                "{\"nearLineM\": 100, \"sides\": {\"left\": \"LB\", \"right\": \"IL\"}}"));
        ZoneFinding finding = only(index, report, 0);
        assertThat(finding.sideCode()).isEqualTo(side);
        assertThat(finding.sideLabel()).isEqualTo(label);
    }

    static Stream<Arguments> nearTheLine() {
        return Stream.of(
                // north of the vertex (35.20, 33.10), where the line turns right: the vertex is nearest
                Arguments.of(pointFrom(35.20, 33.10, 0, 99), 0, Relation.INSIDE, true),
                Arguments.of(pointFrom(35.20, 33.10, 0, 101), 0, Relation.OUTSIDE, false),
                Arguments.of(pointFrom(35.20, 33.10, 0, 90), 25, Relation.INDETERMINATE, true),
                Arguments.of(pointFrom(35.20, 33.10, 0, 130), 25, Relation.OUTSIDE, false),
                Arguments.of(pointFrom(35.20, 33.10, 0, 70), 25, Relation.INSIDE, true));
    }

    @ParameterizedTest(name = "{0} ± {1} m")
    @MethodSource("nearTheLine")
    void nearTheLineIsTheBandWithinNearLineM(String report, double accuracy, Relation relation, boolean near) {
        ZoneIndex index = index(zone("blue", ZoneType.CEASEFIRE_LINE, LINE, "{\"nearLineM\": 100}"));
        ZoneFinding finding = only(index, report, accuracy);
        assertThat(finding.relation()).isEqualTo(relation);
        assertThat(finding.near()).isEqualTo(near);
    }

    static Stream<Arguments> movements() {
        return Stream.of(
                Arguments.of("straight across", "LINESTRING (35.15 33.10, 35.15 33.08)", true),
                Arguments.of("across and back", "LINESTRING (35.15 33.10, 35.15 33.08, 35.16 33.10)", true),
                Arguments.of("along the north side", "LINESTRING (35.12 33.10, 35.18 33.105)", false),
                Arguments.of("up to the line (a vertex) and back", "LINESTRING (35.19 33.11, 35.20 33.10, 35.21 33.11)", false),
                Arguments.of("across at a vertex", "LINESTRING (35.20 33.11, 35.20 33.10, 35.20 33.09)", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("movements")
    void aMovementCrossesTheLine(String name, String movement, boolean crosses) {
        ZoneIndex index = index(zone("blue", ZoneType.CEASEFIRE_LINE, LINE, "{\"nearLineM\": 100}"));
        ZoneFinding finding = only(index, movement, 0);
        assertThat(finding.crosses()).isEqualTo(crosses);
    }

    @Test
    void aMovementIntoABufferZoneIsIndeterminateAndIntersects() {
        ZoneFinding finding = only(index(zone("z", ZoneType.BUFFER_ZONE, SQUARE, "{}")),
                "LINESTRING (35.41 33.09, 35.41 33.105)", 0);
        assertThat(finding.relation()).isEqualTo(Relation.INDETERMINATE);
        assertThat(finding.intersects()).isTrue();
        assertThat(finding.distanceM()).isZero();
    }

    @Test
    void anAreaReportWhollyInsideIsInsideWithItsNearestApproach() {
        String report = "POLYGON ((35.405 33.105, 35.415 33.105, 35.415 33.115, 35.405 33.115, 35.405 33.105))";
        ZoneFinding finding = only(index(zone("z", ZoneType.BUFFER_ZONE, SQUARE, "{}")), report, 0);
        assertThat(finding.relation()).isEqualTo(Relation.INSIDE);
        // 0.005° of latitude at 33.1° is about 554.6 m
        // nearest approach: its west edge to the square's, 0.005° of longitude (a meridian to a meridian)
        assertThat(finding.distanceM()).isCloseTo(org.trucewatch.geo.Geodesy.distance(35.40, 33.11, 35.405, 33.11),
                within(0.05));
    }

    @Test
    void onlyTheVersionValidAtObservedAtCounts() {
        Instant edit = Instant.parse("2025-06-01T00:00:00Z");
        ZoneVersion before = zone("z", ZoneType.BUFFER_ZONE, SQUARE, "{}", TestZones.SINCE, edit, 1);
        ZoneVersion after = zone("z", ZoneType.BUFFER_ZONE,
                "POLYGON ((35.50 33.10, 35.52 33.10, 35.52 33.12, 35.50 33.12, 35.50 33.10))", "{}", edit, null, 2);
        ZoneIndex index = index(before, after);
        List<ZoneFinding> old = index.evaluate(wkt("POINT (35.41 33.11)"), 0, Instant.parse("2025-05-31T23:59:59Z"), 0);
        List<ZoneFinding> now = index.evaluate(wkt("POINT (35.41 33.11)"), 0, edit, 0);
        assertThat(old).extracting(f -> f.zone().version()).containsExactly(1);
        assertThat(old.get(0).relation()).isEqualTo(Relation.INSIDE);
        assertThat(now).isEmpty();
    }
}

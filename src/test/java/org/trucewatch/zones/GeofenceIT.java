package org.trucewatch.zones;

import org.trucewatch.zones.model.Relation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.trucewatch.zones.ZoneFileJson.code;
import static org.trucewatch.zones.ZoneFileJson.file;
import static org.trucewatch.zones.ZoneFileJson.square;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.geo.Geodesy;
import org.trucewatch.intake.ReportService;
import org.trucewatch.support.Poll;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestDatabase;

/** The geofence against stored zones: versions in time, stored relations, refresh, derived security zones. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeofenceIT implements PostgisFixture {
    static final OffsetDateTime MAY = OffsetDateTime.parse("2025-05-15T10:00:00+03:00");
    static final OffsetDateTime JULY = OffsetDateTime.parse("2025-07-15T10:00:00+03:00");

    @Inject
    ZoneService zones;
    @Inject
    GeofenceService geofence;
    @Inject
    ReportService reports;
    @Inject
    ZoneEngine engine;

    @Test
    void aReportObservedBeforeAnEditIsJudgedAgainstTheOldGeometry() {
        String bz = code("bz");
        zones.importZones(file().area(bz, "buffer_zone", square(40.00, 10.00, 0.02), "").command("test-mech"));
        // the edit (from 1 June 2025) moves the zone 0.1° east
        zones.importZones(ZoneFileJson.command(file().area(bz, "buffer_zone", square(40.10, 10.00, 0.02), "").bytes(),
                "test-mech", false, Instant.parse("2025-06-01T00:00:00Z")));
        String place = "POINT (40.01 10.01)";

        UUID before = TestReports.submit(reports, place, MAY, 10.0, "ARMED_PRESENCE");
        UUID after = TestReports.submit(reports, place, JULY, 10.0, "ARMED_PRESENCE");
        List<ZoneRelationView> old = geofence.evaluateAndStore(before, TestZones.wkt(place), 10.0, MAY);
        List<ZoneRelationView> now = geofence.evaluateAndStore(after, TestZones.wkt(place), 10.0, JULY);

        assertThat(old).filteredOn(r -> r.zoneCode().equals(bz)).singleElement().satisfies(r -> {
            assertThat(r.zoneVersion()).isEqualTo(1);
            assertThat(r.relation()).isEqualTo(Relation.INSIDE);
        });
        // against version 2 the place is ~9.9 km west of the zone: beyond the 5 km kept, so no relation
        assertThat(now).noneMatch(r -> r.zoneCode().equals(bz));
        assertThat(geofence.relationsOf(before)).isEqualTo(old);
        assertThat(Rows.count("SELECT count(*) FROM report_zone_relation WHERE report_id = ? AND zone_version = 1", before))
                .isEqualTo(1);
    }

    @Test
    void aBackDatedEditJudgesAgainTheStoredReportsItReaches() {
        String bz = code("bz");
        zones.importZones(ZoneFileJson.command(file().area(bz, "buffer_zone", square(42.00, 10.00, 0.02), "").bytes(),
                "test-mech", false, Instant.parse("2025-01-01T00:00:00Z")));
        String place = "POINT (42.01 10.01)";
        UUID may = TestReports.submit(reports, place, MAY, 10.0, "ARMED_PRESENCE");
        UUID july = TestReports.submit(reports, place, JULY, 10.0, "ARMED_PRESENCE");
        UUID farAway = TestReports.submit(reports, "POINT (43.5 10.01)", JULY, 10.0, "ARMED_PRESENCE");
        String relation = "SELECT string_agg(r.zone_version || ' ' || r.relation, ',') FROM report_zone_relation r"
                + " JOIN zone z ON z.id = r.zone_id WHERE r.report_id = ? AND z.code = ?";
        assertThat(Rows.text(relation, may, bz)).isEqualTo("1 inside");
        assertThat(Rows.text(relation, july, bz)).isEqualTo("1 inside");

        // Recorded today, valid from 1 June 2025: the zone was in fact 0.1° (~11 km) further east.
        ImportZonesReport edit = zones.importZones(ZoneFileJson.command(file().area(bz, "buffer_zone",
                square(42.10, 10.00, 0.02), "").bytes(), "test-mech", false, Instant.parse("2025-06-01T00:00:00Z")));

        // July's report, observed under the new version, is judged again: ~9.9 km away, beyond
        // the 5 km kept, so it has no relation with the zone any more. May's keeps version 1.
        assertThat(Rows.text(relation, july, bz)).isNull();
        assertThat(Rows.text(relation, may, bz)).isEqualTo("1 inside");
        // Only the reports within reach were evaluated again: July's, not May's nor the one 150 km east.
        assertThat(edit.reportsReevaluated()).isEqualTo(1);
        assertThat(Rows.count("SELECT count(*) FROM report_zone_relation r JOIN zone z ON z.id = r.zone_id"
                + " WHERE r.report_id = ? AND z.code = ?", farAway, bz)).isZero();
        // The same file again changes nothing and judges nothing again.
        assertThat(zones.importZones(ZoneFileJson.command(file().area(bz, "buffer_zone", square(42.10, 10.00, 0.02), "")
                .bytes(), "test-mech", false, Instant.parse("2025-06-01T00:00:00Z"))).reportsReevaluated()).isZero();
    }

    @Test
    void storedRelationsAreReplacedOnReevaluation() {
        String bz = code("bz");
        zones.importZones(file().area(bz, "buffer_zone", square(41.00, 10.00, 0.02), "").command("test-mech"));
        UUID report = TestReports.submit(reports, "POINT (41.01 10.01)", MAY, null, "ARMED_PRESENCE");

        geofence.evaluateAndStore(report, TestZones.wkt("POINT (41.01 10.01)"), null, MAY);
        geofence.evaluateAndStore(report, TestZones.wkt("POINT (41.01 10.01)"), null, MAY);

        assertThat(Rows.count("SELECT count(*) FROM report_zone_relation WHERE report_id = ?", report)).isEqualTo(1);
    }

    @Test
    void aZoneWrittenByAnotherInstanceIsSeenAtTheNextReport() throws Exception {
        String place = "POINT (42.01 10.01)";
        assertThat(geofence.evaluate(TestZones.wkt(place), 0.0, MAY)).noneMatch(r -> r.zoneCode().startsWith("other-"));
        String other = code("other");
        // another service instance (or psql) commits a zone straight into the shared database
        try (Connection c = TestDatabase.get().connect()) {
            UUID id = UUID.randomUUID();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO zone VALUES (?, ?, 'buffer_zone', 'test-mech', NULL, now())")) {
                ps.setObject(1, id);
                ps.setString(2, other);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO zone_version (zone_id, version, name, geom, valid_from,"
                    + " recorded_at, recorded_by) VALUES (?, 1, '{\"en\":\"x\"}', ST_GeomFromText("
                    + "'POLYGON((42 10, 42.02 10, 42.02 10.02, 42 10.02, 42 10))', 4326), '2020-01-01', now(), 'psql')")) {
                ps.setObject(1, id);
                ps.executeUpdate();
            }
        }

        assertThat(geofence.evaluate(TestZones.wkt(place), 0.0, MAY)).filteredOn(r -> r.zoneCode().equals(other))
                .singleElement().extracting(ZoneRelationView::relation).isEqualTo(Relation.INSIDE);
    }

    /** The index follows a change it hears of (NOTIFY), before any report or preview asks. */
    @Test
    void aZoneChangeCommittedElsewhereIsHeardAndTheIndexRebuiltInTheBackground() throws Exception {
        geofence.evaluate(TestZones.wkt("POINT (43.01 11.01)"), 0.0, MAY); // an index exists to keep fresh
        try (Connection c = TestDatabase.get().connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO zone VALUES (?, ?, 'buffer_zone', 'test-mech', NULL, now())")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, code("heard"));
            ps.executeUpdate();
        }
        long committed = Long.parseLong(Rows.text("SELECT revision::text FROM zone_revision"));

        Poll.until("the index rebuilt at revision " + committed, Duration.ofSeconds(5), engine::revision,
                r -> r >= committed);
    }

    @Test
    void theSecurityZoneIsDerivedInMetresOnTheGround() {
        String camp = code("camp");
        // an irregular transitional zone in Meta, Colombia: 24 vertices, radius 1.5-2.5 km
        StringBuilder ring = new StringBuilder("[[");
        double lon0 = -73.85;
        double lat0 = 2.60;
        for (int i = 0; i <= 24; i++) {
            double[] p = Geodesy.destination(lon0, lat0, (i % 24) * 15.0, i % 2 == 0 ? 2500 : 1500);
            ring.append(i == 0 ? "" : ",").append("[").append(p[0]).append(",").append(p[1]).append("]");
        }
        ring.append("]]");
        zones.importZones(file().area(camp, "cantonment_area", ring.toString(),
                ",\"party\":\"FARC-EP\",\"securityZoneM\":1000").command("test-mech"));
        double[] tip = Geodesy.destination(lon0, lat0, 0, 2500);
        double[] notch = Geodesy.destination(lon0, lat0, 15, 1500);
        double[] edgeMiddle = {(tip[0] + notch[0]) / 2, (tip[1] + notch[1]) / 2};
        double edgeAzimuth = Math.toDegrees(Math.atan2((notch[0] - tip[0]) * Math.cos(Math.toRadians(lat0)),
                notch[1] - tip[1]));

        for (double[] from : new double[][] {{tip[0], tip[1], 0}, {edgeMiddle[0], edgeMiddle[1], edgeAzimuth - 90}}) {
            double[] in = pointAt(camp, from, 999);
            double[] out = pointAt(camp, from, 1001);
            assertThat(covered(camp, in)).as("999 m from %s", camp).isTrue();
            assertThat(covered(camp, out)).as("1001 m from %s", camp).isFalse();
            // and the engine agrees
            assertThat(relation(camp + ".security", in)).isEqualTo(Relation.INSIDE);
            assertThat(relation(camp + ".security", out)).isNull();
        }
        // the area itself is not in its security zone
        assertThat(covered(camp, new double[] {lon0, lat0})).isFalse();
    }

    /** A point {@code metres} on the ground from the area (PostGIS geography), from a boundary point along an azimuth. */
    private static double[] pointAt(String area, double[] from, double metres) {
        double s = metres;
        double[] p = null;
        for (int i = 0; i < 12; i++) {
            p = Geodesy.destination(from[0], from[1], from[2], s);
            s += metres - distance(area, p);
        }
        assertThat(distance(area, p)).as("azimuth %s", from[2]).isCloseTo(metres, within(0.05));
        return p;
    }

    private static double distance(String area, double[] p) {
        return Double.parseDouble(Rows.text("SELECT ST_Distance(v.geog, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography)"
                + " FROM zone_version v JOIN zone z ON z.id = v.zone_id WHERE z.code = ?", p[0], p[1], area));
    }

    private static boolean covered(String area, double[] p) {
        return Boolean.parseBoolean(Rows.text("SELECT ST_Covers(v.geom, ST_SetSRID(ST_MakePoint(?, ?), 4326))"
                + " AND ST_Covers(v.geog, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography)"
                + " FROM zone_version v JOIN zone z ON z.id = v.zone_id WHERE z.code = ?",
                p[0], p[1], p[0], p[1], area + ".security").replace("t", "true").replace("f", "false"));
    }

    private Relation relation(String code, double[] p) {
        return geofence.evaluate(TestZones.wkt("POINT (" + p[0] + " " + p[1] + ")"), 0.0, JULY).stream()
                .filter(r -> r.zoneCode().equals(code) && r.relation() != Relation.OUTSIDE)
                .map(ZoneRelationView::relation).findFirst().orElse(null);
    }
}

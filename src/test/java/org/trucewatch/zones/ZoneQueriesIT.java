package org.trucewatch.zones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.trucewatch.zones.ZoneFileJson.code;
import static org.trucewatch.zones.ZoneFileJson.file;
import static org.trucewatch.zones.ZoneFileJson.square;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.AccessScope;
import org.trucewatch.access.Grant;
import org.trucewatch.access.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.geo.Geodesy;
import org.trucewatch.intake.ReportService;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.TestDatabase;

/** Reports in or near a zone, each against the version valid when it was observed; counts by category. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZoneQueriesIT implements PostgisFixture {
    static final OffsetDateTime MAY = OffsetDateTime.parse("2025-05-15T10:00:00Z");
    static final OffsetDateTime JULY = OffsetDateTime.parse("2025-07-15T10:00:00Z");

    /** The reports' author (TestReports submits as "test"), who sees them all. */
    AccessScope AUTHOR;
    /** Someone of another mechanism: must see and count nothing here. */
    AccessScope STRANGER;

    @Inject
    AccessPolicy policy;
    @Inject
    ZoneService zones;
    @Inject
    ReportService reports;

    String bz;
    UUID inOld;
    UUID oldPlaceLater;
    UUID inNew;
    UUID nearNew;

    @BeforeAll
    void zonesAndReports() {
        AUTHOR = policy.scope(new Principal("test", java.util.List.of()));
        STRANGER = policy.scope(new Principal("stranger", java.util.List.of(
                new Grant(null, "chair", "other-mech", null, null, null))));
        bz = code("bz");
        zones.importZones(file().area(bz, "buffer_zone", square(60.00, 10.00, 0.02), "").command("test-mech"));
        zones.importZones(ZoneFileJson.command(file().area(bz, "buffer_zone", square(60.10, 10.00, 0.02), "").bytes(),
                "test-mech", false, Instant.parse("2025-06-01T00:00:00Z")));
        inOld = TestReports.submit(reports, "POINT (60.01 10.01)", MAY, 10.0, "SMALL_ARMS_FIRE");
        oldPlaceLater = TestReports.submit(reports, "POINT (60.01 10.01)", JULY, 10.0, "SMALL_ARMS_FIRE");
        inNew = TestReports.submit(reports, "POINT (60.11 10.01)", JULY, 10.0, "ARMED_PRESENCE");
        double[] east = Geodesy.destination(60.12, 10.01, 90, 300);  // 300 m east of the new zone's meridian edge
        nearNew = TestReports.submit(reports, "POINT (" + east[0] + " " + east[1] + ")", JULY, 10.0, "EXPLOSION");
    }

    @Test
    void reportsInsideAreJudgedAgainstTheVersionOfTheirTime() {
        assertThat(zones.reportsInside(bz, 100, AUTHOR)).extracting(ZoneReportView::reportId).containsExactly(inOld, inNew);
        assertThat(zones.reportsInside(bz, 100, AUTHOR)).extracting(ZoneReportView::zoneVersion).containsExactly(1, 2);
    }

    @Test
    void reportsWithinMetresOfTheZone() {
        assertThat(zones.reportsWithin(bz, 250, 100, AUTHOR)).extracting(ZoneReportView::reportId).containsExactly(inOld, inNew);
        var near = zones.reportsWithin(bz, 350, 100, AUTHOR);
        assertThat(near).extracting(ZoneReportView::reportId).containsExactly(inOld, inNew, nearNew);
        assertThat(near.get(2).distanceM()).isCloseTo(300, within(0.5));
        assertThat(near).extracting(ZoneReportView::reportId).doesNotContain(oldPlaceLater);
    }

    @Test
    void aStrangerSeesAndCountsNoneOfTheseReports() {
        assertThat(zones.reportsWithin(bz, 350, 100, STRANGER)).isEmpty();
        assertThat(zones.detail(bz, JULY.toInstant(), STRANGER).reports()).isZero();
    }

    @Test
    void detailCountsTheReportsInTheZoneByCategory() {
        ZoneDetailView detail = zones.detail(bz, JULY.toInstant(), AUTHOR);
        assertThat(detail.zone().version()).isEqualTo(2);
        assertThat(detail.versions()).hasSize(2);
        assertThat(detail.reportsByCategory()).isEqualTo(Map.of("ARMED_PRESENCE", 1L, "SMALL_ARMS_FIRE", 1L));
        assertThat(detail.reports()).isEqualTo(2);
    }

    @Test
    void withinMetresUsesTheGeographyIndexOnReports() throws Exception {
        try (Connection c = TestDatabase.get().connect(); Statement s = c.createStatement()) {
            // the tables are tiny here, so tell the planner what a big table would make it choose
            s.execute("SET enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery("EXPLAIN SELECT r.id FROM zone z JOIN zone_version v ON v.zone_id = z.id"
                    + " JOIN report r ON r.observed_at >= v.valid_from AND (v.valid_to IS NULL OR r.observed_at < v.valid_to)"
                    + " WHERE z.code = '" + bz + "' AND " + ZoneReportRepository.WITHIN.replace("?", "500"))) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).contains("idx_report_geom_geography");
        }
    }
}

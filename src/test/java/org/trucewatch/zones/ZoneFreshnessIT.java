package org.trucewatch.zones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.zones.ZoneFileJson.code;
import static org.trucewatch.zones.ZoneFileJson.file;
import static org.trucewatch.zones.ZoneFileJson.square;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.intake.ReportService;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.Rows;

/**
 * The guarantee that does not depend on hearing of a change: with the listener and the
 * periodic check both off, this instance's index stays at the old revision after a zone
 * import, and yet a report accepted right after the import commits is judged against the
 * new version, because the report's own INSERT read the revision (docs/zones.md).
 */
@MicronautTest(transactional = false)
@Property(name = "trucewatch.zones.refresh.listen", value = "false")
@Property(name = "trucewatch.zones.refresh.check.enabled", value = "false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZoneFreshnessIT implements PostgisFixture {
    static final OffsetDateTime JULY = OffsetDateTime.parse("2025-07-15T10:00:00+03:00");
    static final String RELATION = "SELECT string_agg(r.zone_version || ' ' || r.relation, ',') FROM report_zone_relation r"
            + " JOIN zone z ON z.id = r.zone_id WHERE r.report_id = ? AND z.code = ?";

    @Inject
    ZoneService zones;
    @Inject
    ReportService reports;
    @Inject
    ZoneEngine engine;

    @Test
    void aReportAcceptedRightAfterAZoneImportCommitsIsJudgedAgainstTheNewVersion() {
        String bz = code("bz");
        String place = "POINT (46.01 12.01)";
        // Version 1 lies 0.1° (~11 km) east of the place: beyond the 5 km kept, no relation.
        zones.importZones(ZoneFileJson.command(file().area(bz, "buffer_zone", square(46.10, 12.00, 0.02), "").bytes(),
                "test-mech", false, Instant.parse("2025-01-01T00:00:00Z")));
        UUID first = TestReports.submit(reports, place, JULY, 10.0, "ARMED_PRESENCE");
        assertThat(Rows.text(RELATION, first, bz)).isNull();
        long before = engine.revision();

        // Version 2, valid from 1 June 2025, covers the place.
        zones.importZones(ZoneFileJson.command(file().area(bz, "buffer_zone", square(46.00, 12.00, 0.02), "").bytes(),
                "test-mech", false, Instant.parse("2025-06-01T00:00:00Z")));
        assertThat(engine.revision()).as("nothing told this instance of the import").isEqualTo(before);
        UUID next = TestReports.submit(reports, place, JULY, 10.0, "ARMED_PRESENCE");

        assertThat(Rows.text(RELATION, next, bz)).isEqualTo("2 inside");
        assertThat(engine.revision()).isGreaterThan(before);
        assertThat(engine.revision()).isEqualTo(Long.parseLong(Rows.text("SELECT revision::text FROM zone_revision")));
    }
}

package org.trucewatch.zones;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.trucewatch.intake.Casualties;
import org.trucewatch.intake.ReportService;
import org.trucewatch.intake.ReportSource;
import org.trucewatch.intake.SubmitReportCommand;

/** Stores reports through the intake service, as the lead's wiring will (the relation table refers to them). */
final class TestReports {
    private TestReports() {
    }

    static UUID submit(ReportService reports, String wkt, OffsetDateTime observedAt, Double accuracyM, String category) {
        SubmitReportCommand command = new SubmitReportCommand(UUID.randomUUID(), TestZones.wkt(wkt), observedAt, null,
                "exact", accuracyM, null, null, null, category, null, List.of(),
                new Casualties(null, null, null, null), null,
                new ReportSource("DIRECT_OBSERVATION", null, null, null, null), null);
        return reports.submit(command, "test").report().id();
    }
}

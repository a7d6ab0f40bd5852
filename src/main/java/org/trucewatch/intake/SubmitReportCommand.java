package org.trucewatch.intake;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/**
 * What a field monitor reports, validated and normalised (defaults applied), before the
 * server adds its own fields. Two submissions are "the same report" exactly when their
 * commands are equal, which {@link ReportDigest} turns into a hash.
 */
public record SubmitReportCommand(
        UUID clientReportId,
        Geometry geometry,
        OffsetDateTime observedAt,
        OffsetDateTime observedUntil,
        String timePrecision,
        Double locationAccuracyM,
        Point observerLocation,
        Double bearingDeg,
        Double estimatedDistanceM,
        String category,
        String description,
        List<String> allegedParties,
        Casualties casualties,
        Integer count,
        ReportSource source,
        String mechanism) {

    public SubmitReportCommand withMechanism(String code) {
        return new SubmitReportCommand(clientReportId, geometry, observedAt, observedUntil, timePrecision,
                locationAccuracyM, observerLocation, bearingDeg, estimatedDistanceM, category, description,
                allegedParties, casualties, count, source, code);
    }
}

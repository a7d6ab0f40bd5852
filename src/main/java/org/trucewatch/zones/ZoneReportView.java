package org.trucewatch.zones;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A report found in or near a zone, judged against the zone version valid at its
 * observedAt; {@code distanceM} is metres on the WGS 84 ellipsoid from the report to the
 * zone (0 inside an area).
 */
public record ZoneReportView(UUID reportId, OffsetDateTime observedAt, String category, int zoneVersion,
                             double distanceM) {
}

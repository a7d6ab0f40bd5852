package org.trucewatch.zones;

import jakarta.inject.Singleton;
import org.trucewatch.intake.ReportInsertReading;

/**
 * Has every new report's INSERT read the zone revision ({@link ZoneRepository#REVISION}),
 * so that the geofence knows, without a round trip of its own, which zones the report's
 * transaction could already see ({@link ReportGeofencer}, docs/zones.md "Engine and refresh").
 */
@Singleton
class ZoneRevisionReading implements ReportInsertReading {
    @Override
    public String expression() {
        return "(" + ZoneRepository.REVISION + ")";
    }
}

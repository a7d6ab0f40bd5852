package org.trucewatch.zones;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;
import org.trucewatch.intake.ReportAccepted;

/** Tests every accepted report against the zones, stores the relations and hands them on. */
@Singleton
class ReportGeofencer implements ApplicationEventListener<ReportAccepted> {
    private final GeofenceService geofence;
    private final ApplicationEventPublisher<ReportZoned> zoned;

    ReportGeofencer(GeofenceService geofence, ApplicationEventPublisher<ReportZoned> zoned) {
        this.geofence = geofence;
        this.zoned = zoned;
    }

    @Override
    public void onApplicationEvent(ReportAccepted event) {
        var c = event.report().content();
        UUID id = event.report().id();
        // The reading is the zone revision the report's INSERT saw (ZoneRevisionReading).
        List<ZoneRelationView> relations = event.reading() == null
                ? geofence.evaluateAndStore(id, c.geometry(), c.locationAccuracyM(), c.observedAt())
                : geofence.evaluateAndStoreNew(id, c.geometry(), c.locationAccuracyM(), c.observedAt(), event.reading());
        zoned.publishEvent(new ReportZoned(event.report(), relations));
    }
}

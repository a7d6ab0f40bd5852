package org.trucewatch.zones;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import java.util.List;
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
        List<ZoneRelationView> relations = geofence.evaluateAndStore(event.report().id(), c.geometry(),
                c.locationAccuracyM(), c.observedAt());
        zoned.publishEvent(new ReportZoned(event.report(), relations));
    }
}

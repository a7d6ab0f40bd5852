package org.trucewatch.zones;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import java.util.List;
import org.trucewatch.intake.ReportRevised;

/**
 * Judges a corrected report against the zones again, through the same geofence as a new one,
 * when its geometry, accuracy or observed time changed: its stored relations are replaced.
 */
@Singleton
class ReportRevisionGeofencer implements ApplicationEventListener<ReportRevised> {
    private final GeofenceService geofence;
    private final ApplicationEventPublisher<ReportRezoned> rezoned;

    ReportRevisionGeofencer(GeofenceService geofence, ApplicationEventPublisher<ReportRezoned> rezoned) {
        this.geofence = geofence;
        this.rezoned = rezoned;
    }

    @Override
    public void onApplicationEvent(ReportRevised event) {
        var c = event.after().content();
        List<ZoneRelationView> relations = event.movedInSpaceOrTime()
                ? geofence.evaluateAndStore(event.after().id(), c.geometry(), c.locationAccuracyM(), c.observedAt())
                : geofence.relationsOf(event.after().id());
        rezoned.publishEvent(new ReportRezoned(event, relations));
    }
}

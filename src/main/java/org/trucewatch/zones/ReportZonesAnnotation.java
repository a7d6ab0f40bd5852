package org.trucewatch.zones;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.util.UUID;
import org.trucewatch.intake.ReportAnnotation;

/** A report's relations to the zones, in its Feature's {@code zones} (distances in metres on the ellipsoid). */
@Singleton
class ReportZonesAnnotation implements ReportAnnotation {
    private final GeofenceService geofence;

    ReportZonesAnnotation(GeofenceService geofence) {
        this.geofence = geofence;
    }

    @Override
    public void annotate(UUID reportId, ObjectNode properties) {
        ArrayNode z = properties.putArray("zones");
        for (ZoneRelationView r : geofence.relationsOf(reportId)) {
            ObjectNode o = z.addObject().put("zone", r.zoneCode()).put("type", r.zoneType().code())
                    .put("version", r.zoneVersion()).put("relation", r.relation().code())
                    .put("distanceM", Math.round(r.distanceM() * 100) / 100.0);
            if (r.side() != null) {
                o.put("side", r.side());
            }
            if (r.sideLabel() != null) {
                o.put("sideLabel", r.sideLabel());
            }
            if (r.crosses() != null) {
                o.put("crosses", r.crosses());
            }
            if (r.near() != null) {
                o.put("near", r.near());
            }
        }
    }
}

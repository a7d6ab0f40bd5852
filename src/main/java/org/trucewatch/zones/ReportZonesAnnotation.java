package org.trucewatch.zones;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.event.ApplicationEventListener;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.trucewatch.intake.ReportAnnotation;

/**
 * A report's relations to the zones, in its Feature's {@code zones} (distances in metres on the
 * ellipsoid), each with the zone version's {@code name} by language tag. The answer to a new report is written on the thread that just stored its
 * relations ({@link ReportZoned}, inside the intake's transaction), so those are used as they
 * are instead of being read back: one query and one read-only transaction fewer per new report
 * (docs/benchmarks.md). They are taken once and only for that report id; anything else (a
 * resend, a GET, a report whose transaction rolled back) reads what is stored.
 */
@Singleton
class ReportZonesAnnotation implements ReportAnnotation, ApplicationEventListener<ReportZoned> {
    private static final Comparator<ZoneRelationView> STORED_ORDER =
            Comparator.comparing(ZoneRelationView::zoneCode).thenComparingInt(ZoneRelationView::zoneVersion);
    private final ThreadLocal<ReportZoned> justZoned = new ThreadLocal<>();
    private final GeofenceService geofence;

    ReportZonesAnnotation(GeofenceService geofence) {
        this.geofence = geofence;
    }

    @Override
    public void onApplicationEvent(ReportZoned event) {
        justZoned.set(event);
    }

    @Override
    public void annotate(UUID reportId, ObjectNode properties) {
        ArrayNode z = properties.putArray("zones");
        for (ZoneRelationView r : relationsOf(reportId)) {
            ObjectNode o = z.addObject().put("zone", r.zoneCode()).put("type", r.zoneType().code())
                    .put("version", r.zoneVersion()).put("relation", r.relation().code())
                    .put("distanceM", Math.round(r.distanceM() * 100) / 100.0);
            if (r.name() != null) {
                o.set("name", r.name());
            }
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

    private List<ZoneRelationView> relationsOf(UUID reportId) {
        ReportZoned zoned = justZoned.get();
        justZoned.remove();
        if (zoned != null && zoned.report().id().equals(reportId)) {
            return zoned.relations().stream().sorted(STORED_ORDER).toList();
        }
        return geofence.relationsOf(reportId);
    }
}

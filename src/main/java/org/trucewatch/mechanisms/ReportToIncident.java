package org.trucewatch.mechanisms;

import io.micronaut.context.event.ApplicationEventListener;
import jakarta.inject.Singleton;
import java.util.List;
import org.trucewatch.zones.ReportZoned;
import org.trucewatch.zones.ZoneRelationView;

/** Every geofenced report becomes part of an incident, in the intake's transaction. */
@Singleton
public class ReportToIncident implements ApplicationEventListener<ReportZoned> {
    private final IncidentService incidents;

    ReportToIncident(IncidentService incidents) {
        this.incidents = incidents;
    }

    @Override
    public void onApplicationEvent(ReportZoned event) {
        incidents.onReport(event.report(), hits(event.relations()));
    }

    public static List<ZoneHit> hits(List<ZoneRelationView> relations) {
        return relations.stream().map(r -> new ZoneHit(r.zoneCode(), r.zoneType().code(), r.relation().code(),
                Boolean.TRUE.equals(r.crosses()), Boolean.TRUE.equals(r.near()))).toList();
    }
}

package org.trucewatch.mechanisms;

import io.micronaut.context.event.ApplicationEventListener;
import jakarta.inject.Singleton;
import org.trucewatch.zones.ReportRezoned;

/** A corrected report stays in its incident, counted once; the incident's history notes the correction. */
@Singleton
class RevisedReportInIncident implements ApplicationEventListener<ReportRezoned> {
    private final IncidentService incidents;

    RevisedReportInIncident(IncidentService incidents) {
        this.incidents = incidents;
    }

    @Override
    public void onApplicationEvent(ReportRezoned event) {
        incidents.onRevision(event.revision().after());
    }
}

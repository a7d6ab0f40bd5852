package org.trucewatch.mechanisms;

import io.micronaut.context.event.ApplicationEventListener;
import jakarta.inject.Singleton;
import java.util.List;
import org.trucewatch.intake.ReportAccepted;

/** Every accepted report becomes part of an incident, in the intake's transaction. */
@Singleton
class ReportToIncident implements ApplicationEventListener<ReportAccepted> {
    private final IncidentService incidents;

    ReportToIncident(IncidentService incidents) {
        this.incidents = incidents;
    }

    @Override
    public void onApplicationEvent(ReportAccepted event) {
        incidents.onReport(event.report(), List.of());
    }
}

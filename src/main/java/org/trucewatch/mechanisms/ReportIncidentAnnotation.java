package org.trucewatch.mechanisms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.util.UUID;
import org.trucewatch.intake.ReportAnnotation;

/**
 * What became of a report, in its Feature's {@code incident}: the incident it counts in, with
 * its reference, status and finding (codes of {@code /api/v1/vocabulary}). Who works it and
 * what they wrote stay on the incident, where the access policy guards them; this is what the
 * monitor who sent the report is told. Not in the answer to the submission itself: the incident
 * it opened a moment ago has just been received and is not yet numbered, and intake stays one query
 * cheaper (docs/benchmarks.md); a GET of the report tells.
 */
@Singleton
class ReportIncidentAnnotation implements ReportAnnotation {
    private final IncidentRepository incidents;

    ReportIncidentAnnotation(IncidentRepository incidents) {
        this.incidents = incidents;
    }

    @Override
    public boolean onSubmission() {
        return false;
    }

    @Override
    public void annotate(UUID reportId, ObjectNode properties) {
        incidents.ofReport(reportId).ifPresent(i -> {
            ObjectNode o = properties.putObject("incident").put("id", i.id().toString())
                    .put("status", i.status().code());
            if (i.reference() != null) {
                o.put("reference", i.reference());
            }
            if (i.finding() != null) {
                o.put("finding", i.finding());
            }
        });
    }
}

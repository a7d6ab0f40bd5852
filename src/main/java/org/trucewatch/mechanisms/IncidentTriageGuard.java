package org.trucewatch.mechanisms;

import jakarta.inject.Singleton;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.trucewatch.intake.Report;
import org.trucewatch.intake.ReportRevisionGuard;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * A report may be corrected while its incident is not yet past triage: received, triaged,
 * or reopened (which goes back to triage). Once verification has begun the chair's staff
 * work from what was reported; a correction then is new information, sent as a new report.
 * The incident's row is locked, so a transition cannot slip between this check and the edit.
 */
@Singleton
class IncidentTriageGuard implements ReportRevisionGuard {
    private static final Set<IncidentStatus> CORRECTABLE = EnumSet.of(IncidentStatus.RECEIVED, IncidentStatus.TRIAGED,
            IncidentStatus.REOPENED);

    private final IncidentRecordRepository records;
    private final IncidentRepository incidents;

    IncidentTriageGuard(IncidentRecordRepository records, IncidentRepository incidents) {
        this.records = records;
        this.incidents = incidents;
    }

    @Override
    public void checkRevisable(Report current) {
        Optional.ofNullable(records.incidentOf(current.id())).flatMap(id -> incidents.find(id, true)).ifPresent(incident -> {
            if (!CORRECTABLE.contains(incident.status())) {
                throw new ProblemException(ProblemType.REPORT_PAST_TRIAGE, "Incident " + incident.id() + " is "
                        + incident.status().code() + ": send what changed as a new report");
            }
        });
    }
}

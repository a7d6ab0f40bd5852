package org.trucewatch.intake;

/**
 * Published inside the edit's transaction when a report gets a new revision: zones judge
 * the new geometry again and mechanisms note it on the report's incident, in the same
 * commit. Unlike {@link ReportAccepted} it never links the report anew: the report stays in
 * the incident it is in, counted once.
 */
public record ReportRevised(Report before, Report after) {

    /** Whether where or when the event was seen changed: what the zones' judgement depends on. */
    public boolean movedInSpaceOrTime() {
        SubmitReportCommand a = before.content();
        SubmitReportCommand b = after.content();
        return !a.geometry().equalsExact(b.geometry()) || !java.util.Objects.equals(a.locationAccuracyM(),
                b.locationAccuracyM()) || !a.observedAt().isEqual(b.observedAt());
    }
}

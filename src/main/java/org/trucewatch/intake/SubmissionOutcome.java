package org.trucewatch.intake;

import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * The report stored under the submission's clientReportId, and what this submission did:
 * created it, found the same content already there (a resend), or found other content
 * ({@code otherContent}: a conflict). A conflict is refused by the caller, which alone knows
 * whether the submitter may see the stored report and so how much the refusal may say.
 */
public record SubmissionOutcome(Report report, boolean created, boolean otherContent) {

    /** The refusal of a conflicting submission, naming the stored report: only for a caller who may see it. */
    public ProblemException conflictNamingTheStoredReport() {
        return new ProblemException(ProblemType.REPORT_CONFLICT, "Report " + report.id()
                + " was stored under clientReportId " + report.content().clientReportId()
                + " with different content; a new report needs a new clientReportId");
    }
}

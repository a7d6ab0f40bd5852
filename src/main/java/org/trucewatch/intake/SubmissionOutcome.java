package org.trucewatch.intake;

/** The stored report, and whether this submission created it or found it already there. */
public record SubmissionOutcome(Report report, boolean created) {
}

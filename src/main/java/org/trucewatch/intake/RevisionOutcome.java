package org.trucewatch.intake;

/** What an edit did: made a new revision, or found this very revision already stored (a resend). */
public record RevisionOutcome(Report report, boolean revised) {
}

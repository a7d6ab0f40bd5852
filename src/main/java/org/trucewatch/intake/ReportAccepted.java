package org.trucewatch.intake;

/**
 * Published inside the intake's transaction when a new report is stored (not for resends):
 * the next capabilities downstream (zones, then mechanisms) act on it in the same
 * transaction, so a report is never kept without what follows from it.
 */
public record ReportAccepted(Report report) {
}

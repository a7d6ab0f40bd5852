package org.trucewatch.intake;

import java.time.Instant;

/** One revision of a report as it was, with who made it and when (revision 1: the submitter, on receipt). */
public record ReportRevision(Report report, Instant at, String by) {
}

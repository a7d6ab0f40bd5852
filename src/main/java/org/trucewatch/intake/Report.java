package org.trucewatch.intake;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored report: the monitor's content plus what the server recorded on receipt. The
 * content is that of the current {@code revision} (1 until the report is corrected).
 */
public record Report(UUID id, Instant receivedAt, String submittedBy, String taxonomyVersion,
                     SubmitReportCommand content, int revision) {

    /** The report as first received. */
    public Report(UUID id, Instant receivedAt, String submittedBy, String taxonomyVersion, SubmitReportCommand content) {
        this(id, receivedAt, submittedBy, taxonomyVersion, content, 1);
    }
}

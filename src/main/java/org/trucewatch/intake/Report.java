package org.trucewatch.intake;

import java.time.Instant;
import java.util.UUID;

/** A stored report: the monitor's content plus what the server recorded on receipt. */
public record Report(UUID id, Instant receivedAt, String submittedBy, String taxonomyVersion,
                     SubmitReportCommand content) {
}

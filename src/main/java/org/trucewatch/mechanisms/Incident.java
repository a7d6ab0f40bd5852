package org.trucewatch.mechanisms;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.locationtech.jts.geom.Geometry;

/**
 * One event as the mechanism handles it: where it sits (mechanism, level, team; both null
 * for the chair's triage queue), how far along it is, and what was found (with the chair's
 * analysis and recommendation, both optional, for the incident report document).
 */
public record Incident(UUID id, String mechanism, String level, String team, IncidentStatus status, String category,
                       int severity, List<Routing.MatchedRule> violations, Instant deadline, Geometry geometry,
                       List<String> areas, Instant observedAt, Instant observedUntil, String claimedBy,
                       String assignedTo, String finding, String findingParty, String findingSummary,
                       String findingAnalysis, String findingRecommendation,
                       int protocolVersion, Instant createdAt, Instant updatedAt, String reference) {

    public String queueId() {
        return QueueId.of(mechanism, level, team);
    }

    public boolean isOverdue(Instant now) {
        return deadline != null && status.isOpen() && deadline.isBefore(now);
    }
}

package org.trucewatch.queues;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.trucewatch.mechanisms.Routing;
import org.trucewatch.review.IncidentView;

/**
 * One item of a level's meeting agenda and meeting pack (docs/mechanisms.md, "The meeting pack"):
 * the incident's reference, where it happened ({@code place}: the zone it lies in, else the nearest
 * named one; {@code zones}: every zone it lies in, straddles, crosses or is near), the finding, one
 * position per party of the mechanism at this level (not_yet_stated when none was recorded), the
 * chair's proposed action, the sources of its reports, the decisions the reader may take in the
 * meeting and the URL of its small map. Built whole, then redacted by the access policy's
 * {@code Redactor} ({@code Shape.AGENDA_ITEM}): a party delegate's item has no source identity or
 * notes, no monitor and no member of the chair's staff.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgendaItem(UUID id, String reference, String mechanism, String queue, String level, String team, String status,
                         String category, int severity, List<Routing.MatchedRule> violations, Instant deadline,
                         Instant observedAt, JsonNode geometry, Zone place, List<Zone> zones,
                         IncidentView.FindingView finding, IncidentView.Aggregate aggregate, List<Position> positions,
                         Proposal proposedAction, List<Source> sources, List<String> decisions, String map,
                         String visibility) {

    /** A zone the incident's first report relates to; {@code name} by language tag. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Zone(String zone, String type, String relation, double distanceM, ObjectNode name) {
    }

    /** A party's position at the agenda's level; {@code recordedAt} null while not yet stated. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Position(String party, String position, String statement, Instant recordedAt, String recordedBy) {
    }

    /** The chair's proposed action for this meeting. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Proposal(String text, Instant recordedAt, String recordedBy) {
    }

    /** Where a report of the incident came from; identity, notes and monitor are confidential. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(UUID report, String link, String type, String reliability, String identity, String notes,
                         String submittedBy) {
    }
}

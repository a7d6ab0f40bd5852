package org.trucewatch.review;

import org.trucewatch.mechanisms.IncidentRecordRepository;
import org.trucewatch.mechanisms.Routing;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An incident as the API shows it, built whole and then redacted by the access policy's
 * {@code Redactor} for a {@code REDACTED} reader (party delegates, GIS staff, chairs outside
 * their reach): no claim, assignment, staff notes, actors, or who submitted the reports.
 * {@code merged} lists the incidents merged into this one (docs/mechanisms.md, "Merging
 * incidents"). {@code notable} is the chair's mark for the periodic reports (docs/reports.md, "Notable
 * incidents"), in the incident's own view only. {@code visibility} says which view this is; {@code actions} lists what this reader may do
 * to the incident now (the web app offers exactly these; the API refuses the others).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentView(UUID id, String reference, String mechanism, String queue, String level, String team, String status,
                           List<String> nextStatuses, String category, int severity, List<Routing.MatchedRule> violations,
                           Instant deadline, Boolean overdue, JsonNode geometry, Place place, List<String> zones,
                           String snippet, Instant observedAt,
                           Instant observedUntil, String claimedBy, String assignedTo, FindingView finding,
                           NotableView notable, Aggregate aggregate, List<ReportLink> reports, List<IncidentRecordRepository.Position> positions,
                           List<IncidentRecordRepository.Event> history, List<Merged> merged, int protocolVersion,
                           Instant createdAt, String visibility, List<String> actions) {

    /**
     * Where the incident lies, in words a chair reads in a list: the zone its first report is
     * inside (the most local kind when several), else the nearest zone and how far it is, in
     * metres on the ground. {@code name} is the zone's name by language tag.
     */
    public record Place(String zone, String zoneType, String relation, double distanceM, JsonNode name) {
    }

    /** An incident merged into this one (its reports are among this one's); a chair may undo the merge. */
    public record Merged(UUID id, String reference, Instant mergedAt) {
    }

    /** What was found, and against whom; the chair's analysis and recommendation when recorded. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FindingView(String finding, String party, String summary, String analysis, String recommendation) {
    }

    /**
     * The chair marked the incident notable for the periodic reports: the summary written for them
     * (given to a reader only when the access policy lets them read it), whether the public report may
     * name it, who marked it (the chair's staff's) and when.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NotableView(String summary, boolean publishable, String markedBy, Instant markedAt) {
    }

    /**
     * Figures over the incident's reports, each counted once however many monitors saw the
     * event: the largest count and the largest casualty figures any report gives, not their sum.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Aggregate(int reports, Integer count, Integer civiliansKilled, Integer civiliansInjured,
                            Integer combatantsKilled, Integer combatantsInjured) {
    }

    /** A report of the incident: 'origin', 'suggested' (awaiting the chair) or 'confirmed'. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReportLink(UUID reportId, String link, String category, Instant observedAt, Integer count,
                             String submittedBy) {
    }
}

package org.trucewatch.gis;

import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Redactor;
import org.trucewatch.access.Shape;
import org.trucewatch.access.Role;
import org.trucewatch.mechanisms.Finding;
import org.trucewatch.mechanisms.IncidentStatus;
import org.trucewatch.mechanisms.QueueId;
import org.trucewatch.mechanisms.Vocabulary;
import org.trucewatch.taxonomy.Taxonomy;

/**
 * Incidents as a layer: one feature per incident the caller may see, read through the access
 * policy's scope exactly as the incident API reads them, each redacted by the {@code Redactor}
 * when the caller sees it redacted (no {@code claimedBy}, {@code assignedTo}).
 */
@Singleton
public class IncidentLayer extends ScopedLayer {
    static final List<LayerField> FIELDS = List.of(
            LayerField.text("mechanism", "mechanism", "Mechanism"),
            LayerField.text("queue", "queue", "Queue (mechanism.level.team, or mechanism.triage)"),
            LayerField.text("level", "level", "Level"),
            LayerField.text("team", "team", "Team"),
            LayerField.text("status", "status", "Status"),
            LayerField.text("category", "category", "Category"),
            LayerField.integer("severity", "severity", "Severity"),
            LayerField.longText("violations", "violations", "Violated rules (comma-separated rule ids)"),
            LayerField.time("deadline", "deadline", "Deadline"),
            LayerField.integer("overdue", "overdue", "Overdue (1) or not (0)"),
            LayerField.time("observedAt", "obs_at", "Observed at"),
            LayerField.time("observedUntil", "obs_until", "Observed until"),
            LayerField.text("finding", "finding", "Finding"),
            LayerField.text("findingParty", "find_party", "Party the finding attributes the violation to"),
            LayerField.longText("allegedParties", "parties", "Parties any of its reports alleges (comma-separated)"),
            LayerField.longText("zones", "zones", "Zones its first report lies inside (comma-separated codes)"),
            LayerField.integer("reports", "reports", "Number of reports"),
            LayerField.integer("eventCount", "evt_count", "Number of events (the largest count of its reports)"),
            LayerField.time("createdAt", "created_at", "Created at"),
            LayerField.text("claimedBy", "claimed_by", "Claimed by (chair's staff only)"),
            LayerField.text("assignedTo", "assign_to", "Assigned to (chair's staff only)"));

    private final Map<String, String> categories;
    private final Map<String, String> statuses = new LinkedHashMap<>();
    private final Map<String, String> findings = new LinkedHashMap<>();

    IncidentLayer(LayerRepository rows, AccessPolicy policy, Redactor redactor, Clock clock, Taxonomy taxonomy,
                  Vocabulary vocabulary) {
        super(rows, clock, policy, redactor, Shape.INCIDENT_ATTRIBUTES, IncidentLayerSql.SQL, "incidents", "Incidents",
                "Incidents (one event, one or more reports) in the mechanisms' verification workflow: queue, status, "
                + "finding; who claimed or was assigned an incident only for the chair's staff.");
        categories = CodeLabels.of(taxonomy.document().path("categories"));
        vocabulary.view().statuses().forEach(t -> statuses.put(t.code(), t.labels().getOrDefault("en", "")));
        vocabulary.view().findings().forEach(t -> findings.put(t.code(), t.labels().getOrDefault("en", "")));
    }

    @Override
    public Map<String, String> codes(String field, Principal principal) {
        return switch (field) {
            case "category" -> CodeLabels.only(allowedValues(field, principal), categories);
            case "status" -> statuses;
            case "finding" -> findings;
            default -> Map.of();
        };
    }

    @Override
    List<LayerField> allFields() {
        return FIELDS;
    }

    /** Only the chair's staff ever see an incident in full; the others' files lack the columns. */
    @Override
    boolean mayEverSeeFull(Principal principal) {
        return !principal.mechanismsAs(Role.CHAIR).isEmpty();
    }

    @Override
    List<String> codes(String propertyFilter) {
        return switch (propertyFilter) {
            case "status" -> Arrays.stream(IncidentStatus.values()).map(IncidentStatus::code).toList();
            case "finding" -> Arrays.stream(Finding.values()).map(Finding::code).toList();
            default -> List.of();
        };
    }

    @Override
    public LayerTimeFields timeFields() {
        return new LayerTimeFields("observedAt", "observedUntil", false);
    }

    @Override
    public List<String> styleFields() {
        return List.of("category", "status");
    }

    @Override
    LayerSource source(Principal principal, Instant now) {
        return IncidentLayerSql.source(scope(principal), now);
    }

    @Override
    Map<String, Object> attributes(ResultSet rs, Instant now) throws SQLException {
        String mechanism = rs.getString("mechanism_code");
        String category = rs.getString("category");
        String level = rs.getString("level_code");
        String team = rs.getString("team_code");
        String status = rs.getString("status");
        OffsetDateTime deadline = rs.getObject("deadline", OffsetDateTime.class);
        boolean open = IncidentStatus.of(status).isOpen();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mechanism", mechanism);
        p.put("queue", QueueId.of(mechanism, level, team));
        p.put("level", level);
        p.put("team", team);
        p.put("status", status);
        p.put("category", category);
        p.put("severity", (long) rs.getInt("severity"));
        p.put("violations", rs.getString("violation_rules"));
        p.put("deadline", deadline);
        p.put("overdue", deadline != null && open && deadline.toInstant().isBefore(now) ? 1L : 0L);
        p.put("observedAt", rs.getObject("observed_at", OffsetDateTime.class));
        p.put("observedUntil", rs.getObject("observed_until", OffsetDateTime.class));
        p.put("finding", rs.getString("finding"));
        p.put("findingParty", rs.getString("finding_party"));
        p.put("allegedParties", joined(rs, "alleged_parties"));
        p.put("zones", joined(rs, "zone_codes"));
        p.put("reports", rs.getLong("report_count"));
        long events = rs.getLong("max_event_count");
        p.put("eventCount", rs.wasNull() ? null : events);
        p.put("createdAt", rs.getObject("created_at", OffsetDateTime.class));
        p.put("claimedBy", rs.getString("claimed_by"));
        p.put("assignedTo", rs.getString("assigned_to"));
        return p;
    }

    /** A text[] column as the flat, comma-separated text every outlet can hold; null when none. */
    private static String joined(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? null : String.join(",", (String[]) array.getArray());
    }
}

package org.trucewatch.gis;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.locationtech.jts.io.WKBReader;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Redactor;
import org.trucewatch.access.Shape;
import org.trucewatch.access.Role;
import org.trucewatch.access.Visibility;
import org.trucewatch.geo.Wgs84;
import org.trucewatch.mechanisms.Finding;
import org.trucewatch.mechanisms.IncidentStatus;
import org.trucewatch.mechanisms.QueueId;
import org.trucewatch.problem.ProblemException;

/**
 * Incidents as a layer: one feature per incident the caller may see, read through the access
 * policy's scope exactly as the incident API reads them, each redacted by the {@code Redactor}
 * when the caller sees it redacted (no {@code claimedBy}, {@code assignedTo}).
 */
@Singleton
public class IncidentLayer implements Layer {
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
            LayerField.integer("reports", "reports", "Number of reports"),
            LayerField.integer("eventCount", "evt_count", "Number of events (the largest count of its reports)"),
            LayerField.time("createdAt", "created_at", "Created at"),
            LayerField.text("claimedBy", "claimed_by", "Claimed by (chair's staff only)"),
            LayerField.text("assignedTo", "assign_to", "Assigned to (chair's staff only)"));

    private final IncidentLayerRepository repository;
    private final AccessPolicy policy;
    private final Redactor redactor;
    private final Clock clock;

    IncidentLayer(IncidentLayerRepository repository, AccessPolicy policy, Redactor redactor, Clock clock) {
        this.repository = repository;
        this.policy = policy;
        this.redactor = redactor;
        this.clock = clock;
    }

    @Override
    public String id() {
        return "incidents";
    }

    @Override
    public String title() {
        return "Incidents";
    }

    @Override
    public String description() {
        return "Incidents (one event, one or more reports) in the mechanisms' verification workflow: queue, status, "
                + "finding; who claimed or was assigned an incident only for the chair's staff.";
    }

    @Override
    public List<LayerField> fields(Principal principal) {
        // Only the chair's staff ever see an incident in full; the others' files lack the columns.
        return LayerField.schema(FIELDS, !principal.mechanismsAs(Role.CHAIR).isEmpty(),
                redactor.attributeNames(Shape.INCIDENT_ATTRIBUTES));
    }

    @Override
    public List<String> propertyFilters() {
        return IncidentLayerRepository.filterNames();
    }

    @Override
    public List<String> allowedValues(String propertyFilter, Principal principal) {
        return switch (propertyFilter) {
            case "category" -> policy.nameableCategories(principal);
            case "status" -> Arrays.stream(IncidentStatus.values()).map(IncidentStatus::code).toList();
            case "finding" -> Arrays.stream(Finding.values()).map(Finding::code).toList();
            default -> List.of();
        };
    }

    @Override
    public List<String> styleFields() {
        return List.of("category", "status");
    }

    @Override
    @Transactional(readOnly = true)
    public LayerExtent extent(Principal principal) {
        return repository.extent(policy.scope(principal));
    }

    @Override
    @Transactional(readOnly = true)
    public long count(LayerQuery query, Principal principal) {
        return repository.count(query, policy.scope(principal));
    }

    @Override
    @Transactional(readOnly = true)
    public void read(LayerQuery query, Principal principal, FeatureSink sink) {
        UUID key = query.cursor() == null ? null : key(query.cursor().key());
        WKBReader wkb = new WKBReader(Wgs84.FACTORY);
        Instant now = clock.instant();
        repository.read(query, policy.scope(principal), key,
                (rs, bytes) -> sink.acceptUnchecked(feature(rs, bytes, query.crs(), wkb, now)));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<LayerFeature> find(String featureId, Crs crs, Principal principal) {
        UUID id;
        try {
            id = UUID.fromString(featureId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        LayerFeature[] found = new LayerFeature[1];
        Instant now = clock.instant();
        repository.find(id, crs, policy.scope(principal),
                (rs, bytes) -> found[0] = feature(rs, bytes, crs, new WKBReader(Wgs84.FACTORY), now));
        return Optional.ofNullable(found[0]);
    }

    private static UUID key(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidParameter("cursor", "is not a cursor this service issued");
        }
    }

    /** The row (read through the access policy's scope, with its visibility) as the reader may see it. */
    private LayerFeature feature(ResultSet rs, byte[] bytes, Crs crs, WKBReader wkb, Instant now) throws SQLException {
        Visibility visibility = Visibility.valueOf(rs.getString("visibility"));
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
        p.put("reports", rs.getLong("report_count"));
        long events = rs.getLong("max_event_count");
        p.put("eventCount", rs.wasNull() ? null : events);
        p.put("createdAt", rs.getObject("created_at", OffsetDateTime.class));
        p.put("claimedBy", rs.getString("claimed_by"));
        p.put("assignedTo", rs.getString("assigned_to"));
        p.values().removeIf(v -> v == null);
        return new LayerFeature(rs.getObject("id", UUID.class).toString(), ReportLayerRows.geometry(bytes, crs, wkb),
                redactor.redact(Shape.INCIDENT_ATTRIBUTES, visibility, p));
    }
}

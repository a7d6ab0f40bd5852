package org.trucewatch.mechanisms;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.trucewatch.access.SqlFragment;

/**
 * All SQL on {@code incident_report}, the reports of an incident, and the API's views of an
 * incident's history and positions (stored by {@link IncidentEventRepository} and
 * {@link PartyPositionRepository}; the views keep their names, which the OpenAPI document shows).
 *
 * <p>Hand-written, not generated: the reader's reports come in as the access policy's FROM
 * item ({@link SqlFragment} from {@code AccessScope.reports}), SQL text with its own bind
 * parameters that a generated query cannot take.
 */
@Connectable
@Singleton
public class IncidentRecordRepository {
    private final JdbcOperations jdbc;

    IncidentRecordRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** A report of the incident with what aggregation needs. */
    public record LinkedReport(UUID reportId, String link, String category, Instant observedAt, Integer count,
                        Integer civiliansKilled, Integer civiliansInjured, Integer combatantsKilled,
                        Integer combatantsInjured, String submittedBy, String description) {
    }

    /** One entry of an incident's history. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Event(long seq, Instant at, String actor, String kind, String fromStatus, String toStatus, String fromLevel,
                 String toLevel, String body) {
    }

    /** One party's position at one level; who recorded it is for the chair's staff only. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Position(String level, String party, String position, String statement, String recordedBy, Instant recordedAt) {
    }

    public void link(UUID reportId, UUID incidentId, String link, String actor, Instant at) {
        jdbc.prepareStatement("INSERT INTO incident_report (report_id, incident_id, link, linked_at, linked_by) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (report_id) DO UPDATE SET incident_id = excluded.incident_id, "
                + "link = excluded.link, linked_at = excluded.linked_at, linked_by = excluded.linked_by", ps -> {
            ps.setObject(1, reportId);
            ps.setObject(2, incidentId);
            ps.setString(3, link);
            ps.setObject(4, IncidentRepository.time(at));
            ps.setString(5, actor);
            return ps.executeUpdate();
        });
    }

    /** Every report of the incident (for the workflow). */
    public List<LinkedReport> reports(UUID incidentId) {
        return reports(incidentId, new SqlFragment("report r", List.of()));
    }

    /** The incident's reports that are in {@code reports} (a reader's visible reports, as FROM item {@code r}). */
    public List<LinkedReport> reports(UUID incidentId, SqlFragment reports) {
        return reportsOf(List.of(incidentId), reports).getOrDefault(incidentId, List.of());
    }

    /**
     * The reports of each of the incidents that are in {@code reports}, in one query: a queue page
     * or an agenda reads its items' reports together, not one query per item.
     */
    public Map<UUID, List<LinkedReport>> reportsOf(Collection<UUID> incidentIds, SqlFragment reports) {
        if (incidentIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.prepareStatement("SELECT l.incident_id, l.report_id, l.link, r.category, r.observed_at, r.event_count, "
                + "r.civilians_killed, r.civilians_injured, r.combatants_killed, r.combatants_injured, r.submitted_by, "
                + "r.description "
                + "FROM incident_report l JOIN " + reports.sql() + " ON r.id = l.report_id WHERE l.incident_id = ANY(?) "
                + "ORDER BY r.observed_at, r.id", ps -> {
            ps.setArray(reports.bind(ps, 1), ps.getConnection().createArrayOf("uuid", incidentIds.toArray()));
            Map<UUID, List<LinkedReport>> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(new LinkedReport(
                            rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            IncidentRepository.instant(rs, "observed_at"), rs.getObject(6, Integer.class),
                            rs.getObject(7, Integer.class), rs.getObject(8, Integer.class), rs.getObject(9, Integer.class),
                            rs.getObject(10, Integer.class), rs.getString(11), rs.getString(12)));
                }
            }
            return out;
        });
    }

    UUID incidentOf(UUID reportId) {
        return jdbc.prepareStatement("SELECT incident_id FROM incident_report WHERE report_id = ?", ps -> {
            ps.setObject(1, reportId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        });
    }
}

package org.trucewatch.mechanisms;

import static org.trucewatch.mechanisms.IncidentRepository.time;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Merges of incidents (migration V102): the rows a merge changes and the record that lets it be
 * undone. Runs in the caller's transaction, with both incidents already locked by it.
 */
@Singleton
public class IncidentMergeRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> LINKS = new TypeReference<>() {
    };

    private final JdbcOperations jdbc;

    IncidentMergeRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** A merge in force or undone: {@code links} maps each moved report to the link it had. */
    public record Merge(UUID id, UUID survivor, UUID absorbed, String absorbedReference, IncidentStatus absorbedStatus,
                        Map<UUID, String> links, Instant mergedAt, String mergedBy) {
    }

    /**
     * Moves every report of {@code absorbed} to {@code survivor} (a report that opened or was
     * confirmed in it is confirmed in the survivor; a suggested one stays suggested), marks
     * {@code absorbed} merged into {@code survivor}, and records the merge.
     */
    public Merge merge(UUID id, Incident survivor, Incident absorbed, String by, Instant at) {
        Map<UUID, String> links = new LinkedHashMap<>();
        jdbc.prepareStatement("SELECT report_id, link FROM incident_report WHERE incident_id = ? ORDER BY linked_at, report_id",
                ps -> {
                    ps.setObject(1, absorbed.id());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            links.put(rs.getObject(1, UUID.class), rs.getString(2));
                        }
                    }
                    return null;
                });
        jdbc.prepareStatement("UPDATE incident_report SET incident_id = ?, link = CASE WHEN link = 'suggested' THEN "
                + "'suggested' ELSE 'confirmed' END, linked_at = ?, linked_by = ? WHERE incident_id = ?", ps -> {
                    ps.setObject(1, survivor.id());
                    ps.setObject(2, time(at));
                    ps.setString(3, by);
                    ps.setObject(4, absorbed.id());
                    return ps.executeUpdate();
                });
        jdbc.prepareStatement("UPDATE incident SET status = ?, merged_into = ?, claimed_by = NULL, claimed_at = NULL, "
                + "updated_at = ? WHERE id = ?", ps -> {
                    ps.setString(1, IncidentStatus.MERGED.code());
                    ps.setObject(2, survivor.id());
                    ps.setObject(3, time(at));
                    ps.setObject(4, absorbed.id());
                    return ps.executeUpdate();
                });
        jdbc.prepareStatement("INSERT INTO incident_merge (id, survivor_id, absorbed_id, absorbed_status, links, merged_at, "
                + "merged_by) VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?)", ps -> {
                    ps.setObject(1, id);
                    ps.setObject(2, survivor.id());
                    ps.setObject(3, absorbed.id());
                    ps.setString(4, absorbed.status().code());
                    ps.setString(5, json(links));
                    ps.setObject(6, time(at));
                    ps.setString(7, by);
                    return ps.executeUpdate();
                });
        return new Merge(id, survivor.id(), absorbed.id(), absorbed.reference(), absorbed.status(), links, at, by);
    }

    /** The merge of {@code absorbed} in force, if any. */
    public Optional<Merge> inForce(UUID absorbed) {
        return read("WHERE m.absorbed_id = ? AND m.undone_at IS NULL", absorbed).stream().findFirst();
    }

    /** The merges in force into {@code survivor}, oldest first. */
    public List<Merge> into(UUID survivor) {
        return read("WHERE m.survivor_id = ? AND m.undone_at IS NULL ORDER BY m.merged_at, m.id", survivor);
    }

    /** The reports of {@code merge} that are no longer in its survivor (split off since): they block the undo. */
    public List<UUID> movedAway(Merge merge) {
        List<UUID> away = new ArrayList<>();
        jdbc.prepareStatement("SELECT r.id FROM unnest(?::uuid[]) AS r(id) WHERE NOT EXISTS (SELECT 1 FROM incident_report ir "
                + "WHERE ir.report_id = r.id AND ir.incident_id = ?)", ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("uuid", merge.links().keySet().toArray()));
                    ps.setObject(2, merge.survivor());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            away.add(rs.getObject(1, UUID.class));
                        }
                    }
                    return null;
                });
        return away;
    }

    /** Puts every moved report back with the link it had, the absorbed incident back in its status, and closes the record. */
    public void undo(Merge merge, String by, Instant at) {
        jdbc.prepareStatement("UPDATE incident_report ir SET incident_id = ?, link = m.link, linked_at = ?, linked_by = ? "
                + "FROM unnest(?::uuid[], ?::text[]) AS m(report_id, link) WHERE ir.report_id = m.report_id "
                + "AND ir.incident_id = ?", ps -> {
                    ps.setObject(1, merge.absorbed());
                    ps.setObject(2, time(at));
                    ps.setString(3, by);
                    ps.setArray(4, ps.getConnection().createArrayOf("uuid", merge.links().keySet().toArray()));
                    ps.setArray(5, ps.getConnection().createArrayOf("text", merge.links().values().toArray()));
                    ps.setObject(6, merge.survivor());
                    return ps.executeUpdate();
                });
        jdbc.prepareStatement("UPDATE incident SET status = ?, merged_into = NULL, updated_at = ? WHERE id = ? "
                + "AND merged_into = ?", ps -> {
                    ps.setString(1, merge.absorbedStatus().code());
                    ps.setObject(2, time(at));
                    ps.setObject(3, merge.absorbed());
                    ps.setObject(4, merge.survivor());
                    return ps.executeUpdate();
                });
        jdbc.prepareStatement("UPDATE incident_merge SET undone_at = ?, undone_by = ? WHERE id = ?", ps -> {
            ps.setObject(1, time(at));
            ps.setString(2, by);
            ps.setObject(3, merge.id());
            return ps.executeUpdate();
        });
    }

    /** The incident a merged one now lives in: the end of its chain of merges (itself when not merged). */
    public UUID survivorOf(UUID id) {
        return jdbc.prepareStatement("WITH RECURSIVE chain(id, next, depth) AS (SELECT id, merged_into, 0 FROM incident "
                + "WHERE id = ? UNION ALL SELECT i.id, i.merged_into, c.depth + 1 FROM incident i JOIN chain c ON i.id = c.next "
                + "WHERE c.depth < 100) SELECT id FROM chain WHERE next IS NULL", ps -> {
                    ps.setObject(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getObject(1, UUID.class) : id;
                    }
                });
    }

    private List<Merge> read(String where, UUID id) {
        return jdbc.prepareStatement("SELECT m.id, m.survivor_id, m.absorbed_id, a.reference, m.absorbed_status, "
                + "m.links::text, m.merged_at, m.merged_by FROM incident_merge m JOIN incident a ON a.id = m.absorbed_id "
                + where, ps -> {
                    ps.setObject(1, id);
                    List<Merge> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(merge(rs));
                        }
                    }
                    return out;
                });
    }

    private static Merge merge(ResultSet rs) throws SQLException {
        Map<UUID, String> links = new LinkedHashMap<>();
        try {
            JSON.readValue(rs.getString(6), LINKS).forEach((k, v) -> links.put(UUID.fromString(k), v));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("incident_merge.links is a JSON object", e);
        }
        return new Merge(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                rs.getString(4), IncidentStatus.of(rs.getString(5)), links,
                rs.getObject(7, java.time.OffsetDateTime.class).toInstant(), rs.getString(8));
    }

    private static String json(Map<UUID, String> links) {
        Map<String, String> out = new LinkedHashMap<>();
        links.forEach((k, v) -> out.put(k.toString(), v));
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

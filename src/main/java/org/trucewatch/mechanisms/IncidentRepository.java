package org.trucewatch.mechanisms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trucewatch.access.Seen;
import org.trucewatch.access.SqlFragment;
import org.trucewatch.access.Visibility;
import org.trucewatch.geo.Ewkb;

/**
 * All SQL on {@code incident}: rows, queues, claims and the overdue scan. Which statuses are
 * open or on the agenda is asked of the functions {@code incident_status_is_open} and
 * {@code incident_status_is_on_agenda} (migration V21, checked against {@link IncidentStatus}),
 * never listed here.
 *
 * <p>Hand-written, not generated: the geometry crosses as EWKB through PostGIS functions,
 * duplicate search is a spatial predicate ({@code ST_DWithin} on geography), claims and the
 * overdue scan lock with {@code FOR UPDATE SKIP LOCKED}, and the readers' queries select from
 * the access policy's FROM items ({@link SqlFragment}).
 */
@Connectable
@Singleton
public class IncidentRepository {
    static final String COLUMNS = "id, mechanism_code, level_code, team_code, status, category, severity, "
            + "violations::text AS violations, deadline, ST_AsEWKB(geom) AS geom, areas, observed_at, observed_until, "
            + "claimed_by, assigned_to, finding, finding_party, finding_summary, finding_analysis, finding_recommendation, protocol_version, created_at, "
            + "updated_at, reference";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcOperations jdbc;

    IncidentRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Incident i) {
        jdbc.prepareStatement("INSERT INTO incident (id, mechanism_code, level_code, team_code, status, category, "
                + "severity, violations, deadline, geom, areas, observed_at, observed_until, protocol_version, created_at, "
                + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ST_GeomFromEWKB(?), ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setObject(1, i.id());
            ps.setString(2, i.mechanism());
            ps.setString(3, i.level());
            ps.setString(4, i.team());
            ps.setString(5, i.status().code());
            ps.setString(6, i.category());
            ps.setInt(7, i.severity());
            ps.setString(8, json(i.violations()));
            ps.setObject(9, time(i.deadline()));
            ps.setBytes(10, Ewkb.write(i.geometry()));
            ps.setArray(11, ps.getConnection().createArrayOf("text", i.areas().toArray()));
            ps.setObject(12, time(i.observedAt()));
            ps.setObject(13, time(i.observedUntil()));
            ps.setInt(14, i.protocolVersion());
            ps.setObject(15, time(i.createdAt()));
            ps.setObject(16, time(i.updatedAt()));
            return ps.executeUpdate();
        });
    }

    public Optional<Incident> find(UUID id, boolean forUpdate) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM incident WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""), ps -> {
            ps.setObject(1, id);
            List<Incident> found = read(ps);
            return found.stream().findFirst();
        });
    }

    /**
     * The incident a report counts in: the one it was confirmed a duplicate of, else the one it
     * opened; a suggested link does not count until the chair confirms it.
     */
    public Optional<Incident> ofReport(UUID reportId) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM incident WHERE id = (SELECT incident_id FROM incident_report "
                + "WHERE report_id = ? AND link IN ('confirmed', 'origin') ORDER BY link = 'confirmed' DESC LIMIT 1)", ps -> {
            ps.setObject(1, reportId);
            return read(ps).stream().findFirst();
        });
    }

    /** Writes the workflow fields of an incident already locked with {@code find(id, true)}. */
    public void update(Incident i) {
        jdbc.prepareStatement("UPDATE incident SET level_code = ?, team_code = ?, status = ?, deadline = ?, claimed_by = ?, "
                + "claimed_at = CASE WHEN CAST(? AS text) IS NULL THEN NULL ELSE coalesce(claimed_at, ?) END, assigned_to = ?, "
                + "finding = ?, finding_party = ?, finding_summary = ?, finding_analysis = ?, finding_recommendation = ?, updated_at = ? "
                + "WHERE id = ?", ps -> {
            ps.setString(1, i.level());
            ps.setString(2, i.team());
            ps.setString(3, i.status().code());
            ps.setObject(4, time(i.deadline()));
            ps.setString(5, i.claimedBy());
            ps.setString(6, i.claimedBy());
            ps.setObject(7, time(i.updatedAt()));
            ps.setString(8, i.assignedTo());
            ps.setString(9, i.finding());
            ps.setString(10, i.findingParty());
            ps.setString(11, i.findingSummary());
            ps.setString(12, i.findingAnalysis());
            ps.setString(13, i.findingRecommendation());
            ps.setObject(14, time(i.updatedAt()));
            ps.setObject(15, i.id());
            return ps.executeUpdate();
        });
    }

    /**
     * Claims an unclaimed open incident for {@code user}. A plain conditional UPDATE: a claim
     * that finds the row locked waits for that writer and PostgreSQL then evaluates the
     * condition again on the committed row, so of any number of simultaneous claims exactly one
     * succeeds. (It once used {@code SKIP LOCKED}, which told a chair "not open" whenever a
     * background writer, the reference assigner or the overdue scan, held the row.)
     */
    public boolean claim(UUID id, String user, Instant at) {
        return jdbc.prepareStatement("UPDATE incident SET claimed_by = ?, claimed_at = ?, updated_at = ? "
                + "WHERE id = ? AND claimed_by IS NULL AND incident_status_is_open(status)", ps -> {
            ps.setString(1, user);
            ps.setObject(2, time(at));
            ps.setObject(3, time(at));
            ps.setObject(4, id);
            return ps.executeUpdate() == 1;
        });
    }

    /** Open incidents of one mechanism, compatible category, within {@code radiusM} and the time window, nearest first. */
    List<DuplicateMatcher.Candidate> duplicateCandidates(String mechanism, Collection<String> categories, byte[] ewkb,
                                                         Instant from, Instant to, double radiusM, Instant observedAt) {
        String sql = "SELECT i.id, ST_Distance(i.geom::geography, ST_GeomFromEWKB(?)::geography) AS d, "
                + "abs(extract(epoch FROM i.observed_at - ?)) / 60 AS minutes, "
                + "ST_X(r.observer_location) AS ox, ST_Y(r.observer_location) AS oy, r.bearing_deg, "
                + "ST_X(ST_PointOnSurface(r.geom)) AS ex, ST_Y(ST_PointOnSurface(r.geom)) AS ey "
                + "FROM incident i JOIN incident_report l ON l.incident_id = i.id AND l.link = 'origin' "
                + "JOIN report r ON r.id = l.report_id "
                + "WHERE i.mechanism_code = ? AND incident_status_is_open(i.status) AND i.category = ANY(?) "
                + "AND i.observed_at BETWEEN ? AND ? AND ST_DWithin(i.geom::geography, ST_GeomFromEWKB(?)::geography, ?) "
                + "ORDER BY d LIMIT 10";
        return jdbc.prepareStatement(sql, ps -> {
            ps.setBytes(1, ewkb);
            ps.setObject(2, time(observedAt));
            ps.setString(3, mechanism);
            ps.setArray(4, ps.getConnection().createArrayOf("text", categories.toArray()));
            ps.setObject(5, time(from));
            ps.setObject(6, time(to));
            ps.setBytes(7, ewkb);
            ps.setDouble(8, radiusM);
            List<DuplicateMatcher.Candidate> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double ox = rs.getDouble("ox");
                    double[] observer = rs.wasNull() ? null : new double[] {ox, rs.getDouble("oy")};
                    out.add(new DuplicateMatcher.Candidate(rs.getObject("id", UUID.class), rs.getDouble("d"),
                            Math.round(rs.getDouble("minutes")), observer, rs.getObject("bearing_deg", Double.class),
                            new double[] {rs.getDouble("ex"), rs.getDouble("ey")}));
                }
            }
            return out;
        });
    }

    /** The incident if the scope ({@code AccessScope.incidents}) holds it, with how much of it the reader sees. */
    public Optional<Seen<Incident>> find(UUID id, SqlFragment visible) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + ", visibility FROM " + visible.sql() + " WHERE id = ?", ps -> {
            ps.setObject(visible.bind(ps, 1), id);
            return readSeen(ps).stream().findFirst();
        });
    }

    /**
     * A page of a queue's open items the reader may see ({@code visibleIncidents}), filtered and
     * ordered as {@code selection} says, starting after its key. Text matches an incident's
     * reference or the descriptions of its linked reports the reader may see
     * ({@code visibleReports}), so a search never finds an incident by a report hidden from the
     * reader. Reads one item more than the page, so the caller knows whether another follows.
     */
    public List<Seen<Incident>> queuePage(QueueId q, QueueSelection selection, SqlFragment visibleIncidents,
                                          SqlFragment visibleReports) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + ", visibility FROM " + visibleIncidents.sql()
                + " WHERE mechanism_code = ? AND ");
        sql.append(q.level() == null ? "level_code IS NULL" : q.team() == null ? "level_code = ? AND team_code IS NULL"
                : "level_code = ? AND team_code = ?");
        sql.append(" AND incident_status_is_open(status)");
        if (!selection.statuses().isEmpty()) {
            sql.append(" AND status = ANY(?)");
        }
        if (!selection.categories().isEmpty()) {
            sql.append(" AND category = ANY(?)");
        }
        if (selection.text() != null) {
            sql.append(" AND (reference = upper(?) OR EXISTS (SELECT 1 FROM incident_report ir JOIN ")
                    .append(visibleReports.sql())
                    .append(" ON r.id = ir.report_id WHERE ir.incident_id = incident.id")
                    .append(" AND report_search_document(r.description) @@ report_search_query(?)))");
        }
        QueueSelection.Key after = selection.after();
        switch (selection.order()) {
            case SEVERITY -> {
                if (after != null) {
                    sql.append(" AND (-severity, coalesce(deadline, 'infinity'::timestamptz), created_at, id)"
                            + " > (?, coalesce(?::timestamptz, 'infinity'::timestamptz), ?, ?)");
                }
                sql.append(" ORDER BY severity DESC, coalesce(deadline, 'infinity'::timestamptz), created_at, id");
            }
            case DEADLINE -> {
                if (after != null) {
                    sql.append(" AND (coalesce(deadline, 'infinity'::timestamptz), -severity, created_at, id)"
                            + " > (coalesce(?::timestamptz, 'infinity'::timestamptz), ?, ?, ?)");
                }
                sql.append(" ORDER BY coalesce(deadline, 'infinity'::timestamptz), severity DESC, created_at, id");
            }
            case OBSERVED -> {
                if (after != null) {
                    sql.append(" AND (observed_at, id) < (?, ?)");
                }
                sql.append(" ORDER BY observed_at DESC, id DESC");
            }
        }
        sql.append(" LIMIT ?");
        return jdbc.prepareStatement(sql.toString(), ps -> {
            int i = visibleIncidents.bind(ps, 1);
            ps.setString(i++, q.mechanism());
            if (q.level() != null) {
                ps.setString(i++, q.level());
                if (q.team() != null) {
                    ps.setString(i++, q.team());
                }
            }
            if (!selection.statuses().isEmpty()) {
                ps.setArray(i++, ps.getConnection().createArrayOf("text", selection.statuses().toArray()));
            }
            if (!selection.categories().isEmpty()) {
                ps.setArray(i++, ps.getConnection().createArrayOf("text", selection.categories().toArray()));
            }
            if (selection.text() != null) {
                ps.setString(i++, selection.text());
                i = visibleReports.bind(ps, i);
                ps.setString(i++, selection.text());
            }
            if (after != null) {
                switch (selection.order()) {
                    case SEVERITY -> {
                        ps.setInt(i++, -after.severity());
                        ps.setObject(i++, time(after.deadline()), Types.TIMESTAMP_WITH_TIMEZONE);
                        ps.setObject(i++, time(after.createdAt()));
                        ps.setObject(i++, after.id());
                    }
                    case DEADLINE -> {
                        ps.setObject(i++, time(after.deadline()), Types.TIMESTAMP_WITH_TIMEZONE);
                        ps.setInt(i++, -after.severity());
                        ps.setObject(i++, time(after.createdAt()));
                        ps.setObject(i++, after.id());
                    }
                    case OBSERVED -> {
                        ps.setObject(i++, time(after.observedAt()));
                        ps.setObject(i++, after.id());
                    }
                }
            }
            ps.setInt(i, selection.limit() + 1);
            return readSeen(ps);
        });
    }

    /** How many incidents the mechanisms have, open or not (operators' tools; no reader's scope). */
    public long count(Collection<String> mechanisms) {
        return jdbc.prepareStatement("SELECT count(*) FROM incident WHERE mechanism_code = ANY(?)", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("text", mechanisms.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Open items and overdue items per queue of the given mechanisms, counting only what the reader may see. */
    public List<QueueView> queueCounts(Collection<String> mechanisms, Instant now, SqlFragment visible) {
        return jdbc.prepareStatement("SELECT mechanism_code, level_code, team_code, count(*) AS open, "
                + "count(*) FILTER (WHERE deadline < ?) AS overdue FROM " + visible.sql() + " WHERE mechanism_code = ANY(?) "
                + "AND incident_status_is_open(status) GROUP BY 1, 2, 3", ps -> {
            ps.setObject(1, time(now));
            int i = visible.bind(ps, 2);
            ps.setArray(i, ps.getConnection().createArrayOf("text", mechanisms.toArray()));
            List<QueueView> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new QueueView(QueueId.of(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getString(1),
                            rs.getString(2), rs.getString(3), rs.getLong("open"), rs.getLong("overdue")));
                }
            }
            return out;
        });
    }

    /** Items awaiting review at a level that the reader may see: the level's meeting agenda, most severe first. */
    public List<Seen<Incident>> agenda(String mechanism, String level, SqlFragment visible) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + ", visibility FROM " + visible.sql()
                + " WHERE mechanism_code = ? AND level_code = ? "
                + "AND incident_status_is_on_agenda(status) ORDER BY severity DESC, observed_at, id", ps -> {
            int i = visible.bind(ps, 1);
            ps.setString(i++, mechanism);
            ps.setString(i, level);
            return readSeen(ps);
        });
    }

    /**
     * Overdue open incidents that can still go up, locked with SKIP LOCKED so that instances
     * running the job at once never take the same row: those of a level with a level above
     * ({@code withLevelAbove}: "mechanism/level" keys), and those in a team queue of a top level
     * whose teams escalate to its plenary ({@code withSeveralTeams}).
     */
    public List<Incident> lockOverdue(Instant now, Collection<String> withLevelAbove, Collection<String> withSeveralTeams,
                                      int limit) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM incident WHERE deadline < ? AND "
                + "incident_status_is_open(status) AND level_code IS NOT NULL AND ((mechanism_code || '/' || level_code) = ANY(?)"
                + " OR (team_code IS NOT NULL AND (mechanism_code || '/' || level_code) = ANY(?)))"
                + " ORDER BY deadline LIMIT ? FOR UPDATE SKIP LOCKED", ps -> {
            ps.setObject(1, time(now));
            ps.setArray(2, ps.getConnection().createArrayOf("text", withLevelAbove.toArray()));
            ps.setArray(3, ps.getConnection().createArrayOf("text", withSeveralTeams.toArray()));
            ps.setInt(4, limit);
            return read(ps);
        });
    }

    private static List<Seen<Incident>> readSeen(PreparedStatement ps) throws SQLException {
        List<Seen<Incident>> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Seen<>(incident(rs), Visibility.valueOf(rs.getString("visibility"))));
            }
        }
        return out;
    }

    private static List<Incident> read(PreparedStatement ps) throws SQLException {
        List<Incident> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(incident(rs));
            }
        }
        return out;
    }

    private static Incident incident(ResultSet rs) throws SQLException {
        return new Incident(rs.getObject("id", UUID.class), rs.getString("mechanism_code"),
                rs.getString("level_code"), rs.getString("team_code"), IncidentStatus.of(rs.getString("status")),
                rs.getString("category"), rs.getInt("severity"), rules(rs.getString("violations")),
                instant(rs, "deadline"), Ewkb.read(rs.getBytes("geom")),
                Arrays.asList((String[]) rs.getArray("areas").getArray()), instant(rs, "observed_at"),
                instant(rs, "observed_until"), rs.getString("claimed_by"), rs.getString("assigned_to"),
                rs.getString("finding"), rs.getString("finding_party"), rs.getString("finding_summary"),
                rs.getString("finding_analysis"), rs.getString("finding_recommendation"),
                rs.getInt("protocol_version"), instant(rs, "created_at"), instant(rs, "updated_at"),
                rs.getString("reference"));
    }

    private static List<Routing.MatchedRule> rules(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static OffsetDateTime time(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}

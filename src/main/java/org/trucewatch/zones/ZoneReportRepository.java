package org.trucewatch.zones;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import org.trucewatch.access.AccessScope;
import org.trucewatch.access.SqlFragment;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Spatial questions about reports and one zone, asked of PostGIS. Each report is joined to
 * the zone version valid at its observedAt. "Within N metres" uses
 * {@code ST_DWithin(report.geom::geography, zone_version.geog, N)}, which the expression
 * index {@code idx_report_geom_geography} serves; "inside" uses {@code ST_Covers} on
 * geometry with {@code idx_report_geom}.
 *
 * <p>Hand-written, not generated: spatial predicates throughout, and the reports a reader may
 * see come in as the access policy's FROM item ({@link SqlFragment}).
 */
@Singleton
class ZoneReportRepository {
    /** Joins the zone's versions to the reports the caller may see ({@code %s}: the access policy's FROM item). */
    private static final String JOIN = " FROM zone z JOIN zone_version v ON v.zone_id = z.id"
            + " JOIN %s ON r.observed_at >= v.valid_from AND (v.valid_to IS NULL OR r.observed_at < v.valid_to)"
            + " WHERE z.code = ? AND ";
    static final String COVERED = "ST_Covers(v.geom, r.geom)";
    static final String WITHIN = "ST_DWithin(r.geom::geography, v.geog, ?)";
    /** A ceasefire line's band, each version with its own nearLineM. */
    static final String NEAR_LINE = "ST_DWithin(r.geom::geography, v.geog, (v.properties->>'nearLineM')::float8)";

    private final JdbcOperations jdbc;

    ZoneReportRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored report's place and time, as the geofence needs them. */
    record Located(UUID id, org.locationtech.jts.geom.Geometry geometry, Double accuracyM, OffsetDateTime observedAt) {
    }

    /**
     * The reports observed at or after {@code since} that lie within {@code nearbyM} (plus
     * their own accuracy) of any version of the zones {@code codes} valid at or after
     * {@code since} (the version a change closed at {@code since} included): the reports whose
     * relations a change to those zones from {@code since} on can alter.
     */
    List<Located> reachedBy(List<String> codes, java.time.Instant since, double nearbyM) {
        String sql = """
                SELECT DISTINCT r.id, ST_AsEWKB(r.geom), r.location_accuracy_m, r.observed_at
                FROM zone z JOIN zone_version v ON v.zone_id = z.id
                JOIN report r ON r.observed_at >= ? AND (v.valid_to IS NULL OR v.valid_to >= ?)
                WHERE z.code = ANY (?) AND ST_DWithin(r.geom::geography, v.geog, ? + coalesce(r.location_accuracy_m, 0))
                """;
        return jdbc.prepareStatement(sql, ps -> {
            java.sql.Timestamp from = java.sql.Timestamp.from(since);
            ps.setTimestamp(1, from);
            ps.setTimestamp(2, from);
            ps.setArray(3, ps.getConnection().createArrayOf("text", codes.toArray()));
            ps.setDouble(4, nearbyM);
            List<Located> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double accuracy = rs.getDouble(3);
                    out.add(new Located(rs.getObject(1, UUID.class), org.trucewatch.geo.Ewkb.read(rs.getBytes(2)),
                            rs.wasNull() ? null : accuracy, rs.getObject(4, OffsetDateTime.class)));
                }
            }
            return out;
        });
    }

    /** Reports matching {@code condition} (one of the constants above; {@code metres} binds WITHIN). */
    List<ZoneReportView> reports(String code, String condition, Double metres, int limit, AccessScope scope) {
        SqlFragment visible = scope.reports("r");
        String sql = "SELECT r.id, r.observed_at, r.category, v.version, ST_Distance(r.geom::geography, v.geog)"
                + JOIN.formatted(visible.sql()) + condition + " ORDER BY r.observed_at, r.id LIMIT ?";
        return jdbc.prepareStatement(sql, ps -> {
            int i = visible.bind(ps, 1);
            ps.setString(i++, code);
            if (metres != null) {
                ps.setDouble(i++, metres);
            }
            ps.setInt(i, limit);
            List<ZoneReportView> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ZoneReportView(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class),
                            rs.getString(3), rs.getInt(4), rs.getDouble(5)));
                }
            }
            return out;
        });
    }

    Map<String, Long> countsByCategory(String code, String condition, Double metres, AccessScope scope) {
        SqlFragment visible = scope.reports("r");
        String sql = "SELECT r.category, count(*)" + JOIN.formatted(visible.sql()) + condition
                + " GROUP BY r.category ORDER BY r.category";
        return jdbc.prepareStatement(sql, ps -> {
            int i = visible.bind(ps, 1);
            ps.setString(i++, code);
            if (metres != null) {
                ps.setDouble(i++, metres);
            }
            Map<String, Long> out = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }
}

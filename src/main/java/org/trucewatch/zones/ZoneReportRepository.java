package org.trucewatch.zones;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import org.trucewatch.access.ReportScope;
import org.trucewatch.geo.FilterSql;
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
 */
@Singleton
class ZoneReportRepository {
    private static final String JOIN = " FROM zone z JOIN zone_version v ON v.zone_id = z.id"
            + " JOIN report r ON r.observed_at >= v.valid_from AND (v.valid_to IS NULL OR r.observed_at < v.valid_to)"
            + " WHERE z.code = ? AND ";
    static final String COVERED = "ST_Covers(v.geom, r.geom)";
    static final String WITHIN = "ST_DWithin(r.geom::geography, v.geog, ?)";
    /** A ceasefire line's band, each version with its own nearLineM. */
    static final String NEAR_LINE = "ST_DWithin(r.geom::geography, v.geog, (v.properties->>'nearLineM')::float8)";

    private final JdbcOperations jdbc;

    /** Only the reports the caller may see are listed or counted (the access policy, in SQL). */
    private static FilterSql visible(ReportScope scope) {
        return new FilterSql().visibleTo("r.submitted_by", scope.username(), "r.mechanism_code", scope.fullMechanisms(),
                scope.redactedMechanisms(), "r.category", scope.sensitiveCategories());
    }

    ZoneReportRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Reports matching {@code condition} (one of the constants above; {@code metres} binds WITHIN). */
    List<ZoneReportView> reports(String code, String condition, Double metres, int limit, ReportScope scope) {
        FilterSql visible = visible(scope);
        String sql = "SELECT r.id, r.observed_at, r.category, v.version, ST_Distance(r.geom::geography, v.geog)"
                + JOIN + condition + visible.conditions() + " ORDER BY r.observed_at, r.id LIMIT ?";
        return jdbc.prepareStatement(sql, ps -> {
            int i = 1;
            ps.setString(i++, code);
            if (metres != null) {
                ps.setDouble(i++, metres);
            }
            i = visible.bind(ps, i);
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

    Map<String, Long> countsByCategory(String code, String condition, Double metres, ReportScope scope) {
        FilterSql visible = visible(scope);
        String sql = "SELECT r.category, count(*)" + JOIN + condition + visible.conditions()
                + " GROUP BY r.category ORDER BY r.category";
        return jdbc.prepareStatement(sql, ps -> {
            int i = 1;
            ps.setString(i++, code);
            if (metres != null) {
                ps.setDouble(i++, metres);
            }
            visible.bind(ps, i);
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

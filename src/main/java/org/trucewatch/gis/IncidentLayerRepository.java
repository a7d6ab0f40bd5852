package org.trucewatch.gis;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.trucewatch.access.AccessScope;
import org.trucewatch.access.SqlFragment;
import org.trucewatch.geo.FilterSql;

/**
 * The read side of {@code incident} for the {@code incidents} layer: read through the caller's
 * scope (the access policy's FROM item, each row with its visibility), keyset-paged on the UUIDv7 id, streamed with
 * a fetch size like {@link ReportLayerRepository}. The report count and the largest event count
 * of the linked reports come from correlated subqueries on {@code incident_report}'s index.
 */
@Connectable
@Singleton
class IncidentLayerRepository {
    private static final String ATTRIBUTES = "id, mechanism_code, level_code, team_code, status, category, severity, "
            + "(SELECT string_agg(v.rule ->> 'rule', ',' ORDER BY v.n) FROM jsonb_array_elements("
            + "CASE WHEN jsonb_typeof(violations) = 'array' THEN violations ELSE '[]'::jsonb END) WITH ORDINALITY "
            + "AS v(rule, n)) AS violation_rules, deadline, observed_at, observed_until, finding, finding_party, "
            + "claimed_by, assigned_to, created_at, visibility, "
            + "(SELECT count(*) FROM incident_report ir WHERE ir.incident_id = incident.id) AS report_count, "
            + "(SELECT max(r.event_count) FROM incident_report ir JOIN report r ON r.id = ir.report_id "
            + "WHERE ir.incident_id = incident.id) AS max_event_count";
    /** Property filter name → column. Only these names ever reach SQL. */
    static final Map<String, String> FILTER_COLUMNS = Map.of("category", "category", "status", "status",
            "finding", "finding", "mechanism", "mechanism_code");

    private final JdbcOperations jdbc;

    IncidentLayerRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    static List<String> filterNames() {
        return List.of("category", "status", "finding", "mechanism");
    }

    private static FilterSql filter(LayerQuery query, SqlFragment visible) {
        FilterSql filter = new FilterSql(visible.binds())
                .intersects("geom", query.bbox())
                .overlaps("observed_at", "observed_until", query.datetime());
        query.properties().forEach((name, codes) -> filter.in(FILTER_COLUMNS.get(name), codes));
        return filter;
    }

    long count(LayerQuery query, AccessScope scope) {
        SqlFragment visible = scope.incidents("incident");
        FilterSql filter = filter(query, visible);
        return jdbc.prepareStatement("SELECT count(*) FROM " + visible.sql() + filter.sql(), ps -> {
            filter.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Rows in id order (descending when paging backwards), at most {@code limit} (all when 0). */
    void read(LayerQuery query, AccessScope scope, UUID key, ReportLayerRepository.RowHandler handler) {
        SqlFragment visible = scope.incidents("incident");
        LayerPage.stream(jdbc, "SELECT " + ReportLayerRepository.geometry(query.crs()) + " AS wkb, " + ATTRIBUTES
                + " FROM " + visible.sql(), filter(query, visible), "id", key, query, handler);
    }

    void find(UUID id, Crs crs, AccessScope scope, ReportLayerRepository.RowHandler handler) {
        SqlFragment visible = scope.incidents("incident");
        jdbc.prepareStatement("SELECT " + ReportLayerRepository.geometry(crs) + " AS wkb, " + ATTRIBUTES
                + " FROM " + visible.sql() + " WHERE id = ?", ps -> {
                    ps.setObject(visible.bind(ps, 1), id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            handler.row(rs, rs.getBytes("wkb"));
                        }
                    }
                    return null;
                });
    }

    LayerExtent extent(AccessScope scope) {
        SqlFragment visible = scope.incidents("incident");
        FilterSql filter = filter(new LayerQuery(null, null, Map.of(), Crs.CRS84, 0, null), visible);
        String sql = "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), t0, t1 FROM (SELECT ST_Extent(geom) AS e, "
                + "min(observed_at) AS t0, max(coalesce(observed_until, observed_at)) AS t1 FROM " + visible.sql()
                + filter.sql() + ") x";
        return jdbc.prepareStatement(sql, ps -> {
            filter.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getObject(1) == null) {
                    return LayerExtent.EMPTY;
                }
                return new LayerExtent(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getObject(6, OffsetDateTime.class).toInstant());
            }
        });
    }
}

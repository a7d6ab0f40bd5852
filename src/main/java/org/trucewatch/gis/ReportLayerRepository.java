package org.trucewatch.gis;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.trucewatch.access.AccessScope;
import org.trucewatch.access.SqlFragment;
import org.trucewatch.geo.FilterSql;

/**
 * The read side of {@code report} for layers: read through the caller's scope (the access
 * policy's FROM item, each row with its visibility) so nothing invisible is loaded, keyset-paged on the UUIDv7 id,
 * and streamed with a fetch size for exports (the caller's read-only transaction keeps
 * autocommit off, which the PostgreSQL driver needs to use a cursor).
 */
@Connectable
@Singleton
class ReportLayerRepository {
    private static final String ATTRIBUTES = "id, observed_at, observed_utc_offset_s, observed_until, time_precision, "
            + "location_accuracy_m, bearing_deg, estimated_distance_m, category, description, alleged_parties, "
            + "civilians_killed, civilians_injured, combatants_killed, combatants_injured, event_count, source_type, "
            + "source_reliability, source_credibility, source_identity, source_notes, mechanism_code, received_at, "
            + "submitted_by, taxonomy_version, visibility";
    /** Property filter name → column. Only these names ever reach SQL. */
    static final Map<String, String> FILTER_COLUMNS = Map.of("category", "category", "mechanism", "mechanism_code");

    private final JdbcOperations jdbc;

    ReportLayerRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** One row as read: the geometry as WKB in the requested CRS (null when it has no position there). */
    interface RowHandler {
        void row(ResultSet rs, byte[] wkb) throws SQLException;
    }

    private static FilterSql filter(LayerQuery query, SqlFragment visible) {
        FilterSql filter = new FilterSql(visible.binds())
                .intersects("geom", query.bbox())
                .overlaps("observed_at", "observed_until", query.datetime());
        query.properties().forEach((name, codes) -> filter.in(FILTER_COLUMNS.get(name), codes));
        return filter;
    }

    /** The geometry expression for the output CRS; Pseudo-Mercator is clipped to the latitudes it can show. */
    static String geometry(Crs crs) {
        return geometry("geom", crs);
    }

    /** The same for another geometry column (a constant of the calling repository). */
    static String geometry(String column, Crs crs) {
        if (crs.srid() == 4326) {
            return "ST_AsBinary(" + column + ")";
        }
        return "ST_AsBinary(CASE WHEN ST_YMin(" + column + ") >= -" + Crs.MERCATOR_MAX_LAT + " AND ST_YMax(" + column
                + ") <= " + Crs.MERCATOR_MAX_LAT + " THEN ST_Transform(" + column + ", " + crs.srid()
                + ") ELSE ST_Transform(ST_Intersection(" + column + ", ST_MakeEnvelope(-180, -" + Crs.MERCATOR_MAX_LAT
                + ", 180, " + Crs.MERCATOR_MAX_LAT + ", 4326)), " + crs.srid() + ") END)";
    }

    long count(LayerQuery query, AccessScope scope) {
        SqlFragment visible = scope.reports("report");
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
    void read(LayerQuery query, AccessScope scope, UUID key, RowHandler handler) {
        SqlFragment visible = scope.reports("report");
        LayerPage.stream(jdbc, "SELECT " + geometry(query.crs()) + " AS wkb, " + ATTRIBUTES + " FROM " + visible.sql(),
                filter(query, visible), "id", key, query, handler);
    }

    Optional<Boolean> find(UUID id, Crs crs, AccessScope scope, RowHandler handler) {
        SqlFragment visible = scope.reports("report");
        return jdbc.prepareStatement("SELECT " + geometry(crs) + " AS wkb, " + ATTRIBUTES + " FROM " + visible.sql()
                + " WHERE id = ?", ps -> {
                    ps.setObject(visible.bind(ps, 1), id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return Optional.empty();
                        }
                        handler.row(rs, rs.getBytes("wkb"));
                        return Optional.of(true);
                    }
                });
    }

    LayerExtent extent(AccessScope scope) {
        SqlFragment visible = scope.reports("report");
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

    static List<String> filterNames() {
        return List.of("category", "mechanism");
    }
}

package org.trucewatch.gis.map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.trucewatch.access.AccessScope;
import org.trucewatch.access.SqlFragment;
import org.trucewatch.access.Visibility;
import org.trucewatch.geo.FilterSql;
import org.trucewatch.gis.LayerDatabase;

/**
 * The map's grid aggregation, in PostGIS: the incidents the caller's access scope holds (over the
 * mechanisms' read model of incidents for GIS, {@code incident_layer_v}: merged-away incidents
 * are not in it; its per-row subqueries are of columns this never reads, which PostgreSQL
 * therefore never computes), filtered with bind values only, each
 * placed at a point on its geometry in EPSG:3857 and counted per square cell of the grid; per
 * cell the count by status, the highest severity, the mean position and, when the cell holds one
 * incident, that incident. Reads go where every GIS read goes ({@link LayerDatabase}).
 */
@Singleton
class MapRepository {
    static final String VIEW = "incident_layer_v";
    /** EPSG:3857 stops here (arctan(sinh(π))): points beyond have no place on a Web Mercator map. */
    static final double MERCATOR_MAX_LAT = 85.0511287798;
    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() { };

    private static final String CELLS = "WITH seen AS (SELECT i.id, i.status, i.category, i.severity, "
            + "i.observed_at, i.visibility, ST_Transform(ST_PointOnSurface(i.geom), 3857) AS p FROM %s%s), "
            + "cells AS (SELECT floor(ST_X(p) / ?)::bigint AS cx, floor(ST_Y(p) / ?)::bigint AS cy, status, count(*) AS n, "
            + "max(severity) AS severity, sum(ST_X(p)) AS sx, sum(ST_Y(p)) AS sy, (array_agg(id))[1] AS id, "
            + "(array_agg(category))[1] AS category, (array_agg(observed_at))[1] AS observed_at, (array_agg(visibility))[1] AS visibility "
            + "FROM seen GROUP BY 1, 2, 3), "
            + "grouped AS (SELECT cx, cy, sum(n)::bigint AS n, max(severity) AS severity, jsonb_object_agg(status, n)::text "
            + "AS statuses, ST_Transform(ST_SetSRID(ST_MakePoint(sum(sx) / sum(n), sum(sy) / sum(n)), 3857), 4326) AS c, "
            + "(array_agg(id))[1] AS id, (array_agg(category))[1] AS category, "
            + "(array_agg(status))[1] AS status, (array_agg(observed_at))[1] AS observed_at, "
            + "(array_agg(visibility))[1] AS visibility FROM cells GROUP BY cx, cy) "
            + "SELECT n, severity, statuses, ST_X(c) AS lon, ST_Y(c) AS lat, id, category, status, observed_at, "
            + "visibility, ST_XMin(e) AS west, ST_YMin(e) AS south, ST_XMax(e) AS east, ST_YMax(e) AS north "
            + "FROM (SELECT g.*, ST_Transform(ST_MakeEnvelope(cx * ?, cy * ?, (cx + 1) * ?, (cy + 1) * ?, 3857), 4326) AS e "
            + "FROM grouped g) x ORDER BY n, id";

    private final LayerDatabase database;
    private final ObjectMapper json;

    MapRepository(LayerDatabase database, ObjectMapper json) {
        this.database = database;
        this.json = json;
    }

    /** The non-empty cells of side {@code cellMetres} (EPSG:3857) holding what {@code scope} sees and {@code query} asks. */
    List<MapCell> cells(AccessScope scope, MapQuery query, double cellMetres) {
        SqlFragment from = scope.incidents(VIEW, "i");
        FilterSql filter = filter(from, query);
        String sql = String.format(CELLS, from.sql(), filter.sql());
        return database.read(jdbc -> jdbc.prepareStatement(sql, ps -> {
            int next = filter.bind(ps, 1);
            for (int k = 0; k < 6; k++) {
                ps.setDouble(next++, cellMetres);
            }
            List<MapCell> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(cell(rs));
                }
            }
            return out;
        }));
    }

    /** The query's filters, the column names this class's constants, every value bound. */
    private static FilterSql filter(SqlFragment from, MapQuery query) {
        FilterSql filter = new FilterSql(from.binds()).intersects("geom", query.bbox())
                .overlaps("observed_at", "observed_until", query.datetime())
                .in("category", query.categories())
                .in("status", query.statuses())
                .in("finding_party", query.parties())
                .in("mechanism_code", query.mechanisms())
                .in("severity::text", query.severities().stream().map(String::valueOf).toList());
        return filter.where("ST_Y(ST_PointOnSurface(geom)) BETWEEN ? AND ?", -MERCATOR_MAX_LAT, MERCATOR_MAX_LAT);
    }

    private MapCell cell(ResultSet rs) throws SQLException {
        long n = rs.getLong("n");
        Map<String, Long> statuses;
        try {
            statuses = json.readValue(rs.getString("statuses"), COUNTS);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL returned unreadable JSON", e);
        }
        MapCell.Single single = n != 1 ? null : new MapCell.Single(rs.getObject("id", UUID.class), rs.getString("category"), rs.getString("status"), rs.getInt("severity"),
                rs.getObject("observed_at", OffsetDateTime.class), Visibility.valueOf(rs.getString("visibility")));
        return new MapCell(n, statuses, rs.getInt("severity"), rs.getDouble("lon"), rs.getDouble("lat"),
                new double[] {rs.getDouble("west"), rs.getDouble("south"), rs.getDouble("east"), rs.getDouble("north")}, single);
    }
}

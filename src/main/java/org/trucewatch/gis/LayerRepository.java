package org.trucewatch.gis;

import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;
import org.trucewatch.geo.FilterSql;

/**
 * Every layer's reads, in one way: count, pages and whole-layer streams (keyset on the layer's
 * key, {@link LayerPage}), one feature, and the extent, each over the caller's FROM item of a
 * {@link LayerSource} and filtered by {@link FilterSql} with bind values only. Each call is a
 * read-only transaction (the PostgreSQL driver streams with a cursor only with autocommit off)
 * on the GIS datasource, {@link LayerDatabase}: the standby when one is configured.
 */
@Singleton
class LayerRepository {
    private static final LayerQuery EVERYTHING = new LayerQuery(null, null, Map.of(), Crs.CRS84, 0, null, null);

    private final LayerDatabase database;

    LayerRepository(LayerDatabase database) {
        this.database = database;
    }

    /** One row as read: the geometry as WKB in the requested CRS (null when it has no position there). */
    interface RowHandler {
        void row(ResultSet rs, byte[] wkb) throws SQLException;
    }

    /** The query's filters over what the caller may see: bbox, datetime (the layer's sense of it), properties, CQL2. */
    private static FilterSql filter(LayerSource source, LayerQuery query) {
        LayerSql sql = source.sql();
        FilterSql filter = new FilterSql(source.from().binds()).intersects("geom", query.bbox());
        sql.time().filter(filter, query.datetime(), source.now());
        query.properties().forEach((name, codes) -> filter.in(sql.filterColumns().get(name), codes));
        if (query.filter() != null) {
            // CQL2: the layer's column expressions and bind values only, ANDed inside the caller's rows.
            filter.where("(" + query.filter().sql() + ")", query.filter().binds().toArray());
        }
        return filter;
    }

    /** The geometry in the output CRS; Pseudo-Mercator is clipped to the latitudes it can show. */
    static String geometry(Crs crs) {
        if (crs.srid() == 4326) {
            return "ST_AsBinary(geom)";
        }
        return "ST_AsBinary(CASE WHEN ST_YMin(geom) >= -" + Crs.MERCATOR_MAX_LAT + " AND ST_YMax(geom) <= "
                + Crs.MERCATOR_MAX_LAT + " THEN ST_Transform(geom, " + crs.srid() + ") ELSE ST_Transform(ST_Intersection("
                + "geom, ST_MakeEnvelope(-180, -" + Crs.MERCATOR_MAX_LAT + ", 180, " + Crs.MERCATOR_MAX_LAT + ", 4326)), "
                + crs.srid() + ") END)";
    }

    private static String select(LayerSource source, Crs crs) {
        return "SELECT " + geometry(crs) + " AS wkb, " + source.sql().attributes() + " FROM " + source.from().sql();
    }

    long count(LayerSource source, LayerQuery query) {
        FilterSql filter = filter(source, query);
        return database.read(jdbc -> jdbc.prepareStatement("SELECT count(*) FROM " + source.from().sql() + filter.sql(), ps -> {
            filter.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }));
    }

    /** Rows after (before, paging backwards) {@code key} in key order, at most the query's limit (all when 0). */
    void read(LayerSource source, LayerQuery query, Object key, RowHandler handler) {
        database.read(jdbc -> {
            LayerPage.stream(jdbc, select(source, query.crs()), filter(source, query), source.sql().key(), key, query, handler);
            return null;
        });
    }

    /** The feature whose id binds to the layer's {@code findBy} condition, if the caller may see it. */
    void find(LayerSource source, Crs crs, Object[] id, RowHandler handler) {
        FilterSql filter = new FilterSql(source.from().binds()).where(source.sql().findBy(), id);
        database.read(jdbc -> jdbc.prepareStatement(select(source, crs) + filter.sql(), ps -> {
            filter.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    handler.row(rs, rs.getBytes("wkb"));
                }
            }
            return null;
        }));
    }

    /** The extent in CRS84 and time of what the caller sees (for zones: the versions valid now). */
    LayerExtent extent(LayerSource source) {
        FilterSql filter = filter(source, EVERYTHING);
        String sql = "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), t0, t1, open FROM (SELECT ST_Extent(geom) AS e, "
                + source.sql().time().extent() + " FROM " + source.from().sql() + filter.sql() + ") x";
        return database.read(jdbc -> jdbc.prepareStatement(sql, ps -> {
            filter.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getObject(1) == null) {
                    return LayerExtent.EMPTY;
                }
                OffsetDateTime end = rs.getBoolean(7) ? null : rs.getObject(6, OffsetDateTime.class);
                return new LayerExtent(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(), end == null ? null : end.toInstant());
            }
        }));
    }
}

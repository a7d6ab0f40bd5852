package org.trucewatch.gis;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.trucewatch.geo.FilterSql;
import org.trucewatch.geo.TimeInterval;

/**
 * The read side of {@code zone} / {@code zone_version} for the {@code zones} layer: one row per
 * zone version valid now (or, with {@code datetime}, valid at that instant or at some time in
 * that interval; a version is valid on [valid_from, valid_to)), of the mechanisms the caller
 * belongs to (all for admins). The key is {@code code@version} in byte order ("C" collation):
 * zone codes never contain {@code @}.
 */
@Connectable
@Singleton
class ZoneLayerRepository {
    static final String KEY = "(z.code || '@' || v.version::text) COLLATE \"C\"";
    private static final String FROM = " FROM zone_version v JOIN zone z ON z.id = v.zone_id";
    private static final String ATTRIBUTES = "z.code, z.type, z.mechanism_code, v.version, v.name ->> 'en' AS name_en, "
            + "v.valid_from, v.valid_to, v.properties ->> 'party' AS party, v.properties ->> 'securityZoneM' AS security_zone_m, "
            + "v.properties ->> 'nearLineM' AS near_line_m, v.properties ->> 'team' AS team, v.properties ->> 'level' AS level";
    /** Property filter name → column. Only these names ever reach SQL. */
    static final Map<String, String> FILTER_COLUMNS = Map.of("type", "z.type", "mechanism", "z.mechanism_code");

    private final JdbcOperations jdbc;

    ZoneLayerRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    static List<String> filterNames() {
        return List.of("type", "mechanism");
    }

    /** {@code mechanisms} null: every mechanism (admins). */
    private static FilterSql filter(LayerQuery query, Collection<String> mechanisms, Instant now) {
        FilterSql filter = new FilterSql();
        if (mechanisms != null) {
            filter.memberOf("z.mechanism_code", mechanisms);
        }
        filter.intersects("v.geom", query.bbox());
        valid(filter, query.datetime() == null ? new TimeInterval(now, now) : query.datetime());
        query.properties().forEach((name, codes) -> filter.in(FILTER_COLUMNS.get(name), codes));
        return filter;
    }

    /** Versions whose [valid_from, valid_to) meets the interval (an instant: contains it). */
    private static void valid(FilterSql filter, TimeInterval interval) {
        if (interval.start() != null) {
            filter.where("(v.valid_to IS NULL OR v.valid_to > ?)", OffsetDateTime.ofInstant(interval.start(), ZoneOffset.UTC));
        }
        if (interval.end() != null) {
            filter.where("v.valid_from <= ?", OffsetDateTime.ofInstant(interval.end(), ZoneOffset.UTC));
        }
    }

    long count(LayerQuery query, Collection<String> mechanisms, Instant now) {
        FilterSql filter = filter(query, mechanisms, now);
        return jdbc.prepareStatement("SELECT count(*)" + FROM + filter.sql(), ps -> {
            filter.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    void read(LayerQuery query, Collection<String> mechanisms, Instant now, String key,
              ReportLayerRepository.RowHandler handler) {
        LayerPage.stream(jdbc, "SELECT " + geometry(query.crs()) + " AS wkb, " + ATTRIBUTES + FROM,
                filter(query, mechanisms, now), KEY, key, query, handler);
    }

    void find(String code, int version, Collection<String> mechanisms, Crs crs, ReportLayerRepository.RowHandler handler) {
        FilterSql filter = new FilterSql();
        if (mechanisms != null) {
            filter.memberOf("z.mechanism_code", mechanisms);
        }
        filter.where("z.code = ?", code).where("v.version = ?", version);
        jdbc.prepareStatement("SELECT " + geometry(crs) + " AS wkb, " + ATTRIBUTES + FROM + filter.sql(), ps -> {
            filter.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    handler.row(rs, rs.getBytes("wkb"));
                }
            }
            return null;
        });
    }

    LayerExtent extent(Collection<String> mechanisms, Instant now) {
        FilterSql filter = filter(new LayerQuery(null, null, Map.of(), Crs.CRS84, 0, null), mechanisms, now);
        String sql = "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), t0, t1, open FROM (SELECT ST_Extent(v.geom) AS e, "
                + "min(v.valid_from) AS t0, max(v.valid_to) AS t1, bool_or(v.valid_to IS NULL) AS open" + FROM
                + filter.sql() + ") x";
        return jdbc.prepareStatement(sql, ps -> {
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
        });
    }

    /** Like the reports' geometry, on the version's column. */
    private static String geometry(Crs crs) {
        return ReportLayerRepository.geometry("v.geom", crs);
    }
}

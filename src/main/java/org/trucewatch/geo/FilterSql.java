package org.trucewatch.geo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one builder of dynamic WHERE clauses (bbox, datetime, codes, keyset cursor). Column
 * names come only from the calling repository's constants; every value is a bind
 * parameter. A box that crosses the antimeridian becomes two boxes.
 */
public final class FilterSql {
    private final StringBuilder sql = new StringBuilder(" WHERE TRUE");
    private final List<Object> values = new ArrayList<>();

    public FilterSql() {
    }

    /**
     * A filter whose statement has bind values before the WHERE clause (a FROM item with
     * parameters, such as the access policy's visible rows): they are bound first.
     * {@code String[]} values are bound as {@code text[]}.
     */
    public FilterSql(List<Object> leadingValues) {
        values.addAll(leadingValues);
    }

    /** Rows whose geometry intersects the box (planar in CRS84, as OGC API Features defines bbox). */
    public FilterSql intersects(String column, Bbox box) {
        if (box == null) {
            return this;
        }
        if (box.crossesAntimeridian()) {
            sql.append(" AND (ST_Intersects(").append(column).append(", ST_MakeEnvelope(?, ?, 180, ?, 4326))")
                    .append(" OR ST_Intersects(").append(column).append(", ST_MakeEnvelope(-180, ?, ?, ?, 4326)))");
            values.addAll(List.of(box.minLon(), box.minLat(), box.maxLat(), box.minLat(), box.maxLon(), box.maxLat()));
        } else {
            sql.append(" AND ST_Intersects(").append(column).append(", ST_MakeEnvelope(?, ?, ?, ?, 4326))");
            values.addAll(List.of(box.minLon(), box.minLat(), box.maxLon(), box.maxLat()));
        }
        return this;
    }

    /** Rows whose interval [startColumn, coalesce(endColumn, startColumn)] meets the interval. */
    public FilterSql overlaps(String startColumn, String endColumn, TimeInterval interval) {
        if (interval == null) {
            return this;
        }
        if (interval.start() != null) {
            sql.append(" AND coalesce(").append(endColumn).append(", ").append(startColumn).append(") >= ?");
            values.add(OffsetDateTime.ofInstant(interval.start(), ZoneOffset.UTC));
        }
        if (interval.end() != null) {
            sql.append(" AND ").append(startColumn).append(" <= ?");
            values.add(OffsetDateTime.ofInstant(interval.end(), ZoneOffset.UTC));
        }
        return this;
    }

    public FilterSql in(String column, Collection<String> codes) {
        if (codes != null && !codes.isEmpty()) {
            sql.append(" AND ").append(column).append(" = ANY(?)");
            values.add(codes.toArray(String[]::new));
        }
        return this;
    }

    /** Rows whose group column is one of {@code groups} (an empty collection: none). */
    public FilterSql memberOf(String groupColumn, Collection<String> groups) {
        sql.append(" AND ").append(groupColumn).append(" = ANY(?)");
        values.add(groups.toArray(String[]::new));
        return this;
    }

    /** Raw condition with its bind values; the condition text must come from the caller's constants. */
    public FilterSql where(String condition, Object... bindValues) {
        sql.append(" AND ").append(condition);
        values.addAll(List.of(bindValues));
        return this;
    }

    /** Keyset pagination: rows strictly after {@code value} in the column's order. */
    public FilterSql after(String column, Object value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" > ?");
            values.add(value);
        }
        return this;
    }

    /** Keyset pagination backwards: rows strictly before {@code value} in the column's order. */
    public FilterSql before(String column, Object value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" < ?");
            values.add(value);
        }
        return this;
    }

    public String sql() {
        return sql.toString();
    }

    /** Binds this filter's values from parameter index {@code first}; returns the next free index. */
    public int bind(PreparedStatement ps, int first) throws SQLException {
        int i = first;
        Connection connection = ps.getConnection();
        for (Object value : values) {
            if (value instanceof String[] codes) {
                ps.setArray(i++, connection.createArrayOf("text", codes));
            } else {
                ps.setObject(i++, value);
            }
        }
        return i;
    }
}

package org.trucewatch.gis;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import java.sql.ResultSet;
import org.trucewatch.geo.FilterSql;

/**
 * The one way a layer's rows are read for a page or an export: keyset on {@code keyColumn}
 * (after the cursor, or before it when paging backwards), ordered by the key, limited unless
 * the whole layer is asked for, and streamed with a fetch size so memory stays constant.
 */
final class LayerPage {
    private static final int FETCH_SIZE = 1_000;

    private LayerPage() {
    }

    /**
     * Streams {@code SELECT <geometry> AS wkb, <attributes> <from> <filter>} to {@code handler}.
     * {@code select} is the caller's constant SELECT list and FROM clause; every value is bound.
     */
    static void stream(JdbcOperations jdbc, String select, FilterSql filter, String keyColumn, Object key,
                       LayerQuery query, LayerRepository.RowHandler handler) {
        if (query.backwards()) {
            filter.before(keyColumn, key);
        } else {
            filter.after(keyColumn, key);
        }
        String sql = select + filter.sql() + " ORDER BY " + keyColumn + (query.backwards() ? " DESC" : "")
                + (query.limit() > 0 ? " LIMIT ?" : "");
        if (query.limit() == 0) {
            // A whole-layer export may take minutes; the service-wide limit (60 s) is for requests.
            jdbc.prepareStatement("SET LOCAL statement_timeout = '30min'", ps -> ps.execute());
        }
        jdbc.prepareStatement(sql, ps -> {
            int next = filter.bind(ps, 1);
            if (query.limit() > 0) {
                ps.setInt(next, query.limit());
            }
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs, rs.getBytes("wkb"));
                }
            }
            return null;
        });
    }
}

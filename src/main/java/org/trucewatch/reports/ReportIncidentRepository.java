package org.trucewatch.reports;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.trucewatch.access.SqlFragment;
import org.trucewatch.geo.FilterSql;

/**
 * The incidents of a report's period, one row each, for the internal and parties' audiences'
 * map and list (the public's report has no incident-level detail): read from mechanisms' read
 * model {@code incident_statistics_v} through the access policy's FROM item, bind parameters only.
 */
@Connectable
@Singleton
class ReportIncidentRepository {
    private final JdbcOperations jdbc;

    ReportIncidentRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** One incident: where (representative point, CRS84) and what was found. */
    record Point(String id, OffsetDateTime observedAt, String category, double lon, double lat, String finding,
                 String attributedParty) {
    }

    long count(SqlFragment countable, FilterSql filter) {
        return jdbc.prepareStatement("SELECT count(*) FROM " + countable.sql() + filter.sql(), ps -> {
            filter.bind(ps, countable.bind(ps, 1));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    List<Point> incidents(SqlFragment countable, FilterSql filter) {
        String sql = "SELECT s.id::text, s.observed_at, s.category, ST_X(ST_PointOnSurface(s.geom)), ST_Y(ST_PointOnSurface(s.geom)),"
                + " s.finding, s.finding_party FROM " + countable.sql() + filter.sql() + " ORDER BY s.observed_at, s.id";
        return jdbc.prepareStatement(sql, ps -> {
            filter.bind(ps, countable.bind(ps, 1));
            List<Point> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Point(rs.getString(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3), rs.getDouble(4),
                            rs.getDouble(5), rs.getString(6), rs.getString(7)));
                }
            }
            return out;
        });
    }
}

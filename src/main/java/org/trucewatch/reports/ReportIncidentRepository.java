package org.trucewatch.reports;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.trucewatch.access.SqlFragment;
import org.trucewatch.geo.FilterSql;

/**
 * The incidents of a report's period one by one: where each lies, for the map, and those the chair
 * had marked notable at the cut-off, with the mark then in force. Read from the owners' read models
 * (mechanisms' {@code incident_countable_v}, review's {@code notable_mark_v}) through the access
 * policy's FROM item, bind parameters only.
 */
@Connectable
@Singleton
class ReportIncidentRepository {
    private final JdbcOperations jdbc;

    ReportIncidentRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** One incident on the map: its category (whether an audience may see it drawn) and where (representative point, CRS84). */
    record Point(String category, double lon, double lat) {
    }

    /** An incident of the period marked notable at the cut-off: what the report says of it, and the mark then in force. */
    record Notable(UUID id, OffsetDateTime observedAt, String category, String finding, String attributedParty,
                   String summary, boolean publishable) {
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

    List<Point> points(SqlFragment countable, FilterSql filter) {
        String sql = "SELECT s.category, ST_X(p.at), ST_Y(p.at) FROM " + countable.sql()
                + " CROSS JOIN LATERAL ST_PointOnSurface(s.geom) AS p(at)" + filter.sql() + " ORDER BY s.observed_at, s.id";
        return jdbc.prepareStatement(sql, ps -> {
            filter.bind(ps, countable.bind(ps, 1));
            List<Point> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Point(rs.getString(1), rs.getDouble(2), rs.getDouble(3)));
                }
            }
            return out;
        });
    }

    /**
     * The incidents {@code filter} selects whose latest mark made before {@code cutoff} marks them
     * notable (a mark withdrawn before it does not count; one made, changed or withdrawn after it does
     * not matter), in the order they were observed.
     */
    List<Notable> notable(SqlFragment countable, FilterSql filter, OffsetDateTime cutoff) {
        String sql = "SELECT s.id, s.observed_at, s.category, s.finding, s.finding_party, m.summary, m.publishable FROM "
                + countable.sql() + " JOIN (SELECT DISTINCT ON (v.incident_id) v.incident_id, v.summary, v.publishable"
                + " FROM notable_mark_v v WHERE v.marked_at < ? ORDER BY v.incident_id, v.seq DESC) m"
                + " ON m.incident_id = s.id" + filter.sql() + " AND m.summary IS NOT NULL ORDER BY s.observed_at, s.id";
        return jdbc.prepareStatement(sql, ps -> {
            int next = countable.bind(ps, 1);
            ps.setObject(next, cutoff);
            filter.bind(ps, next + 1);
            List<Notable> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Notable(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7)));
                }
            }
            return out;
        });
    }
}

package org.trucewatch.reports;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The issued reports ({@code issued_report}, V91, V101), written by hand for its
 * {@code ON CONFLICT DO NOTHING}: of several instances issuing the same period at once, one
 * row is inserted and the others learn that they inserted nothing. Rows are never updated.
 */
@Connectable
@Singleton
class IssuedReportRepository {
    private static final String COLUMNS = "id, mechanism_code, kind, level_code, period_start, period_end, version, "
            + "replaces, content, sha256, issued_at, issued_by";

    private final JdbcOperations jdbc;

    IssuedReportRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** The latest version of a period's report of one kind and level (null: the whole mechanism). */
    Optional<IssuedReport> latest(String mechanism, String kind, String level, Instant periodStart) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM issued_report WHERE mechanism_code = ? AND kind = ? "
                + "AND level_code IS NOT DISTINCT FROM ? AND period_start = ? ORDER BY version DESC LIMIT 1", ps -> {
            ps.setString(1, mechanism);
            ps.setString(2, kind);
            ps.setString(3, level);
            ps.setObject(4, utc(periodStart));
            return one(ps.executeQuery());
        });
    }

    boolean exists(String mechanism, String kind, Instant periodStart) {
        return latest(mechanism, kind, null, periodStart).isPresent();
    }

    Optional<IssuedReport> find(String mechanism, UUID id) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM issued_report WHERE mechanism_code = ? AND id = ?", ps -> {
            ps.setString(1, mechanism);
            ps.setObject(2, id);
            return one(ps.executeQuery());
        });
    }

    /** A mechanism's issued reports, newest period first (content included: a month of reports is small). */
    List<IssuedReport> list(String mechanism, int limit) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM issued_report WHERE mechanism_code = ? "
                + "ORDER BY period_start DESC, kind, level_code NULLS FIRST, version DESC LIMIT ?", ps -> {
            ps.setString(1, mechanism);
            ps.setInt(2, limit);
            List<IssuedReport> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        });
    }

    /** Inserts the report unless its (mechanism, kind, level, period, version) is taken; whether this call inserted it. */
    boolean insertOnce(IssuedReport r) {
        return jdbc.prepareStatement("INSERT INTO issued_report (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT ON CONSTRAINT uq_issued_report_period DO NOTHING", ps -> {
            ps.setObject(1, r.id());
            ps.setString(2, r.mechanism());
            ps.setString(3, r.kind());
            ps.setString(4, r.level());
            ps.setObject(5, utc(r.periodStart()));
            ps.setObject(6, utc(r.periodEnd()));
            ps.setInt(7, r.version());
            ps.setObject(8, r.replaces());
            ps.setString(9, r.content());
            ps.setBytes(10, r.sha256());
            ps.setObject(11, utc(r.issuedAt()));
            ps.setString(12, r.issuedBy());
            return ps.executeUpdate() == 1;
        });
    }

    private static Optional<IssuedReport> one(ResultSet rs) throws SQLException {
        try (rs) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static IssuedReport row(ResultSet rs) throws SQLException {
        return new IssuedReport(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getObject(6, OffsetDateTime.class).toInstant(),
                rs.getInt(7), rs.getObject(8, UUID.class), rs.getString(9), rs.getBytes(10),
                rs.getObject(11, OffsetDateTime.class).toInstant(), rs.getString(12));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

package org.trucewatch.reports;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The issued reports ({@code issued_report}, V91), written by hand for its
 * {@code ON CONFLICT DO NOTHING}: of several instances issuing the same period at once, one
 * row is inserted and the others learn that they inserted nothing.
 */
@Connectable
@Singleton
class IssuedReportRepository {
    private final JdbcOperations jdbc;

    IssuedReportRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    boolean exists(String mechanism, String kind, Instant periodStart) {
        return jdbc.prepareStatement("SELECT EXISTS (SELECT 1 FROM issued_report WHERE mechanism_code = ? AND kind = ? "
                + "AND period_start = ?)", ps -> {
            ps.setString(1, mechanism);
            ps.setString(2, kind);
            ps.setObject(3, utc(periodStart));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    /** Inserts version 1 of the period's report unless one exists; whether this call inserted it. */
    boolean insertOnce(UUID id, String mechanism, String kind, DailyReports.Period period, String content, byte[] sha256,
                       Instant issuedAt, String issuedBy) {
        return jdbc.prepareStatement("INSERT INTO issued_report (id, mechanism_code, kind, period_start, period_end, content, "
                + "sha256, issued_at, issued_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (mechanism_code, kind, period_start, version) DO NOTHING", ps -> {
            ps.setObject(1, id);
            ps.setString(2, mechanism);
            ps.setString(3, kind);
            ps.setObject(4, utc(period.start()));
            ps.setObject(5, utc(period.end()));
            ps.setString(6, content);
            ps.setBytes(7, sha256);
            ps.setObject(8, utc(issuedAt));
            ps.setString(9, issuedBy);
            return ps.executeUpdate() == 1;
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

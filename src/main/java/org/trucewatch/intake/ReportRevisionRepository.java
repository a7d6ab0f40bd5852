package org.trucewatch.intake;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SQL of a report's revisions: the current one is the {@code report} row (read and
 * locked by {@link ReportRepository}), the ones it replaced are rows of
 * {@code report_version}, which has the same columns. Bind parameters only.
 */
@Connectable
@Singleton
class ReportRevisionRepository {
    private final JdbcOperations jdbc;

    ReportRevisionRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps the current revision of a report in report_version, replaced at {@code at}. */
    void keepCurrentRevision(UUID id, Instant at) {
        String columns = "id, revision, " + ReportRepository.CONTENT + ", mechanism_code, received_at, submitted_by, revised_at, revised_by";
        jdbc.prepareStatement("INSERT INTO report_version (" + columns + ", superseded_at) SELECT " + columns
                + ", ? FROM report WHERE id = ?", ps -> {
                    ps.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                    ps.setObject(2, id);
                    return ps.executeUpdate();
                });
    }

    /** Writes the next revision's content over the current one (which {@link #keepCurrentRevision} kept). */
    void writeRevision(Report next, byte[] digest, Instant at, String by) {
        SubmitReportCommand c = next.content();
        String sql = "UPDATE report SET client_report_id = ?, content_digest = ?, geom = ST_GeomFromEWKB(?), "
                + "observed_at = ?, observed_utc_offset_s = ?, observed_until = ?, time_precision = ?, "
                + "location_accuracy_m = ?, observer_location = ST_GeomFromEWKB(?), bearing_deg = ?, "
                + "estimated_distance_m = ?, category = ?, taxonomy_version = ?, description = ?, alleged_parties = ?, "
                + "civilians_killed = ?, civilians_injured = ?, combatants_killed = ?, combatants_injured = ?, "
                + "event_count = ?, source_type = ?, source_reliability = ?, source_credibility = ?, "
                + "source_identity = ?, source_notes = ?, women_killed = ?, men_killed = ?, girls_killed = ?, "
                + "boys_killed = ?, women_injured = ?, men_injured = ?, girls_injured = ?, boys_injured = ?, "
                + "revision = ?, revised_at = ?, revised_by = ? WHERE id = ?";
        jdbc.prepareStatement(sql, ps -> {
            int i = 1;
            ps.setObject(i++, c.clientReportId());
            ps.setBytes(i++, digest);
            i = ReportRepository.bindContent(ps, i, next);
            ps.setInt(i++, next.revision());
            ps.setObject(i++, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            ps.setString(i++, by);
            ps.setObject(i, next.id());
            return ps.executeUpdate();
        });
    }

    /** Every revision of a report, oldest first: the replaced ones, then the current one. */
    List<ReportRevision> revisions(UUID id) {
        String sql = "SELECT " + ReportRepository.COLUMNS + " FROM report_version WHERE id = ? "
                + "UNION ALL SELECT " + ReportRepository.COLUMNS + " FROM report WHERE id = ? ORDER BY revision";
        return jdbc.prepareStatement(sql, ps -> {
            ps.setObject(1, id);
            ps.setObject(2, id);
            List<ReportRevision> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Report r = ReportRepository.map(rs).report();
                    OffsetDateTime revisedAt = rs.getObject("revised_at", OffsetDateTime.class);
                    String revisedBy = rs.getString("revised_by");
                    out.add(new ReportRevision(r, revisedAt == null ? r.receivedAt() : revisedAt.toInstant(),
                            revisedBy == null ? r.submittedBy() : revisedBy));
                }
            }
            return out;
        });
    }
}

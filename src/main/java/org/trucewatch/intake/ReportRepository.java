package org.trucewatch.intake;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.annotation.Connectable;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.locationtech.jts.geom.Point;
import org.trucewatch.geo.Ewkb;
import org.trucewatch.access.AccessScope;
import org.trucewatch.access.Seen;
import org.trucewatch.access.SqlFragment;
import org.trucewatch.access.Visibility;
import org.trucewatch.geo.FilterSql;

/**
 * All SQL on {@code report}. Geometries cross as EWKB ({@code ST_GeomFromEWKB} /
 * {@code ST_AsEWKB}); every value is a bind parameter. Written against Micronaut Data's
 * {@link JdbcOperations} rather than generated queries because every read and write
 * needs a PostGIS function, and search selects from the access policy's FROM item
 * ({@link SqlFragment}) with {@code FilterSql}'s dynamic filters and keyset pagination.
 */
// Connectable: each call borrows a connection, or joins the caller's transaction when there is one.
@Connectable
@Singleton
class ReportRepository {
    static final String COLUMNS = "id, client_report_id, content_digest, ST_AsEWKB(geom) AS geom, observed_at, "
            + "observed_utc_offset_s, observed_until, time_precision, location_accuracy_m, "
            + "ST_AsEWKB(observer_location) AS observer_location, bearing_deg, estimated_distance_m, category, "
            + "taxonomy_version, description, alleged_parties, civilians_killed, civilians_injured, combatants_killed, "
            + "combatants_injured, event_count, source_type, source_reliability, source_credibility, source_identity, "
            + "source_notes, mechanism_code, received_at, submitted_by, revision, revised_at, revised_by, "
            + "women_killed, men_killed, girls_killed, boys_killed, women_injured, men_injured, girls_injured, boys_injured";
    /** The columns a revision's content lives in: what an edit changes, and what report_version keeps. */
    static final String CONTENT = "client_report_id, content_digest, geom, observed_at, observed_utc_offset_s, "
            + "observed_until, time_precision, location_accuracy_m, observer_location, bearing_deg, "
            + "estimated_distance_m, category, taxonomy_version, description, alleged_parties, civilians_killed, "
            + "civilians_injured, combatants_killed, combatants_injured, event_count, source_type, source_reliability, "
            + "source_credibility, source_identity, source_notes, women_killed, men_killed, girls_killed, boys_killed, "
            + "women_injured, men_injured, girls_injured, boys_injured";
    private static final String INSERT = "INSERT INTO report (id, client_report_id, content_digest, geom, observed_at, "
            + "observed_utc_offset_s, observed_until, time_precision, location_accuracy_m, observer_location, "
            + "bearing_deg, estimated_distance_m, category, taxonomy_version, description, alleged_parties, "
            + "civilians_killed, civilians_injured, combatants_killed, combatants_injured, event_count, source_type, "
            + "source_reliability, source_credibility, source_identity, source_notes, women_killed, men_killed, "
            + "girls_killed, boys_killed, women_injured, men_injured, girls_injured, boys_injured, mechanism_code, "
            + "received_at, submitted_by) SELECT ?, ?, ?, ST_GeomFromEWKB(?), ?, ?, ?, ?, ?, ST_GeomFromEWKB(?), ?, ?, ?, "
            + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? "
            // An instance id a later revision replaced is taken too (report_version); one index probe.
            + "WHERE NOT EXISTS (SELECT 1 FROM report_version v WHERE v.client_report_id = ?) "
            + "ON CONFLICT (client_report_id) DO NOTHING RETURNING ";

    private final JdbcOperations jdbc;
    private final String insert;

    ReportRepository(JdbcOperations jdbc, @Nullable ReportInsertReading reading) {
        this.jdbc = jdbc;
        this.insert = INSERT + (reading == null ? "CAST(NULL AS bigint)" : reading.expression());
    }

    /** A report with its stored content digest. */
    record StoredReport(Report report, byte[] digest) {
    }

    /** Whether an insert stored the report, and what it read for downstream ({@link ReportInsertReading}). */
    record Insert(boolean inserted, @Nullable Long reading) {
    }

    /**
     * Inserts unless a report with the same clientReportId exists. The statement returns a
     * row only when it inserted ({@code ON CONFLICT DO NOTHING} returns none), carrying the
     * downstream reading.
     */
    Insert insertIfAbsent(Report report, byte[] digest) {
        SubmitReportCommand c = report.content();
        return jdbc.prepareStatement(insert, ps -> {
            int i = 1;
            ps.setObject(i++, report.id());
            ps.setObject(i++, c.clientReportId());
            ps.setBytes(i++, digest);
            i = bindContent(ps, i, report);
            ps.setString(i++, c.mechanism());
            ps.setObject(i++, OffsetDateTime.ofInstant(report.receivedAt(), ZoneOffset.UTC));
            ps.setString(i++, report.submittedBy());
            ps.setObject(i, c.clientReportId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Insert(false, null);
                }
                long reading = rs.getLong(1);
                return new Insert(true, rs.wasNull() ? null : reading);
            }
        });
    }

    Optional<Report> findById(UUID id) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM report WHERE id = ?", ps -> {
            ps.setObject(1, id);
            return first(ps).map(StoredReport::report);
        });
    }

    /**
     * The report whose current or an earlier revision has this instance id, with that
     * revision's digest: a resend of a replaced instance is the same content as that
     * revision, and is answered with the report as it now stands.
     */
    Optional<StoredReport> findByClientReportId(UUID clientReportId) {
        Optional<StoredReport> current = jdbc.prepareStatement("SELECT " + COLUMNS
                + " FROM report WHERE client_report_id = ?", ps -> {
                    ps.setObject(1, clientReportId);
                    return first(ps);
                });
        if (current.isPresent()) {
            return current;
        }
        return jdbc.prepareStatement("SELECT v.id, v.content_digest FROM report_version v WHERE v.client_report_id = ?",
                ps -> {
                    ps.setObject(1, clientReportId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return Optional.<StoredReport>empty();
                        }
                        UUID id = rs.getObject(1, UUID.class);
                        byte[] digest = rs.getBytes(2);
                        return findById(id).map(r -> new StoredReport(r, digest));
                    }
                });
    }

    /** The current revision, its row locked until the transaction ends: edits of one report queue here. */
    Optional<StoredReport> lockById(UUID id) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM report WHERE id = ? FOR UPDATE", ps -> {
            ps.setObject(1, id);
            return first(ps);
        });
    }

    /** Binds a revision's content, {@code geom} to {@code source_notes} in table order, from {@code i}; answers the next index. */
    static int bindContent(PreparedStatement ps, int from, Report report) throws SQLException {
        SubmitReportCommand c = report.content();
        int i = from;
            ps.setBytes(i++, Ewkb.write(c.geometry()));
            ps.setObject(i++, c.observedAt());
            ps.setInt(i++, c.observedAt().getOffset().getTotalSeconds());
            ps.setObject(i++, c.observedUntil());
            ps.setString(i++, c.timePrecision());
            ps.setObject(i++, c.locationAccuracyM(), Types.DOUBLE);
            ps.setBytes(i++, c.observerLocation() == null ? null : Ewkb.write(c.observerLocation()));
            ps.setObject(i++, c.bearingDeg(), Types.DOUBLE);
            ps.setObject(i++, c.estimatedDistanceM(), Types.DOUBLE);
            ps.setString(i++, c.category());
            ps.setString(i++, report.taxonomyVersion());
            ps.setString(i++, c.description());
            ps.setArray(i++, ps.getConnection().createArrayOf("text", c.allegedParties().toArray()));
            ps.setObject(i++, c.casualties().civiliansKilled(), Types.INTEGER);
            ps.setObject(i++, c.casualties().civiliansInjured(), Types.INTEGER);
            ps.setObject(i++, c.casualties().combatantsKilled(), Types.INTEGER);
            ps.setObject(i++, c.casualties().combatantsInjured(), Types.INTEGER);
            ps.setObject(i++, c.count(), Types.INTEGER);
            ps.setString(i++, c.source().type());
            ps.setString(i++, c.source().reliability());
            ps.setObject(i++, c.source().credibility(), Types.SMALLINT);
            ps.setString(i++, c.source().identity());
            ps.setString(i++, c.source().notes());
            for (Integer n : List.of(c.casualties().killed(), c.casualties().injured()).stream()
                    .flatMap(g -> java.util.stream.Stream.of(g.women(), g.men(), g.girls(), g.boys())).toList()) {
                ps.setObject(i++, n, Types.INTEGER);
            }
        return i;
    }

    /** One page in id order (UUIDv7, so receipt order); fetches {@code limit + 1} to tell whether more follow. */
    List<Seen<Report>> find(ReportQuery query, AccessScope scope) {
        SqlFragment visible = scope.reports("report");
        FilterSql filter = new FilterSql(visible.binds())
                .intersects("geom", query.bbox())
                .overlaps("observed_at", "observed_until", query.datetime())
                .in("category", query.categories())
                .after("id", query.after());
        String sql = "SELECT " + COLUMNS + ", visibility FROM " + visible.sql() + filter.sql() + " ORDER BY id LIMIT ?";
        return jdbc.prepareStatement(sql, ps -> {
            int next = filter.bind(ps, 1);
            ps.setInt(next, query.limit() + 1);
            List<Seen<Report>> page = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    page.add(new Seen<>(map(rs).report(), Visibility.valueOf(rs.getString("visibility"))));
                }
            }
            return page;
        });
    }

    private static Optional<StoredReport> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
    }

    static StoredReport map(ResultSet rs) throws SQLException {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(rs.getInt("observed_utc_offset_s"));
        OffsetDateTime until = rs.getObject("observed_until", OffsetDateTime.class);
        SubmitReportCommand content = new SubmitReportCommand(
                rs.getObject("client_report_id", UUID.class),
                Ewkb.read(rs.getBytes("geom")),
                rs.getObject("observed_at", OffsetDateTime.class).withOffsetSameInstant(offset),
                until == null ? null : until.withOffsetSameInstant(offset),
                rs.getString("time_precision"),
                rs.getObject("location_accuracy_m", Double.class),
                (Point) Ewkb.read(rs.getBytes("observer_location")),
                rs.getObject("bearing_deg", Double.class),
                rs.getObject("estimated_distance_m", Double.class),
                rs.getString("category"),
                rs.getString("description"),
                Arrays.asList((String[]) rs.getArray("alleged_parties").getArray()),
                new Casualties(rs.getObject("civilians_killed", Integer.class),
                        rs.getObject("civilians_injured", Integer.class),
                        rs.getObject("combatants_killed", Integer.class),
                        rs.getObject("combatants_injured", Integer.class), sexAge(rs, "killed"), sexAge(rs, "injured")),
                rs.getObject("event_count", Integer.class),
                new ReportSource(rs.getString("source_type"), rs.getString("source_reliability"),
                        rs.getObject("source_credibility", Integer.class), rs.getString("source_identity"),
                        rs.getString("source_notes")),
                rs.getString("mechanism_code"));
        Instant receivedAt = rs.getObject("received_at", OffsetDateTime.class).toInstant();
        Report report = new Report(rs.getObject("id", UUID.class), receivedAt, rs.getString("submitted_by"),
                rs.getString("taxonomy_version"), content, rs.getInt("revision"));
        return new StoredReport(report, rs.getBytes("content_digest"));
    }

    private static Casualties.SexAge sexAge(ResultSet rs, String what) throws java.sql.SQLException {
        return new Casualties.SexAge(rs.getObject("women_" + what, Integer.class), rs.getObject("men_" + what, Integer.class),
                rs.getObject("girls_" + what, Integer.class), rs.getObject("boys_" + what, Integer.class));
    }
}

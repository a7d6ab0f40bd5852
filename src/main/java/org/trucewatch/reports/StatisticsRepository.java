package org.trucewatch.reports;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.trucewatch.access.SqlFragment;
import org.trucewatch.geo.FilterSql;
import org.trucewatch.mechanisms.IncidentStatus;

/**
 * The statistics' SQL, written by hand because the query is the point: every count is a
 * {@code GROUP BY} in the database over the owners' read models ({@code incident_statistics_v},
 * {@code incident_history_v}: mechanisms; {@code report_zone_v}: zones), from the access
 * policy's FROM item of countable incidents; periods are a {@code generate_series} of local
 * times in the mechanism's time zone, turned into instants with {@code AT TIME ZONE}, so a day
 * across a daylight-saving change is 23 or 25 hours long. Values are bind parameters only; SQL
 * text comes from the constants of {@link Dimension}, {@link Measure} and this class.
 */
@Connectable
@Singleton
class StatisticsRepository {
    static final String INCIDENTS = "incident_statistics_v";

    private final JdbcOperations jdbc;

    StatisticsRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** One period of the series: its local start (null: no series) and its bounds as instants. */
    record Period(LocalDateTime localStart, Instant start, Instant end) {
    }

    /** One group: the period (null without a series), the values of the other dimensions asked for, the measures. */
    record Group(Period period, List<String> key, long[] values) {
    }

    /** One workflow figure of a period (null without a series) and level (null: the triage queue). */
    record Flow(String what, LocalDateTime localStart, String level, long count, long overdue, Double medianS, Double p90S) {
    }

    /** What every statement starts from: the series, the scope and the filters. */
    record Source(String timeZone, PeriodUnit unit, Instant from, Instant to, SqlFragment countable, FilterSql filter,
                  FilterSql filterWithoutTime) {
    }

    /**
     * Counts grouped by {@code dims} (in that order; {@link Dimension#PERIOD} among them groups by
     * period, including the one before the first, whose values are the first one's previous).
     * With a series, groupings without the period count over the whole series (that period excepted).
     */
    List<Group> counts(Source source, List<Dimension> dims, List<Measure> measures) {
        List<Dimension> others = dims.stream().filter(d -> d != Dimension.PERIOD).toList();
        boolean byPeriod = dims.contains(Dimension.PERIOD);
        StringBuilder sql = new StringBuilder(with(source, false));
        sql.append(" SELECT ").append(byPeriod ? "p.local_start, p.start_at, p.end_at"
                : "NULL::timestamp, NULL::timestamptz, NULL::timestamptz");
        others.forEach(d -> sql.append(", ").append(d.sql()));
        measures.forEach(m -> sql.append(", ").append(m.sql()));
        if (byPeriod) {
            // Each incident's period by a binary search of the periods' starts (scoped holds only the
            // series' incidents), so the periods join on their number, not on a range per pair.
            sql.append(" FROM periods p LEFT JOIN (SELECT s.*, width_bucket(s.observed_at, (SELECT starts FROM bounds)) AS period_n"
                    + " FROM scoped s) s ON s.period_n = p.n");
        } else if (source.unit() != null) {
            sql.append(" FROM span JOIN scoped s ON s.observed_at >= span.start_at AND s.observed_at < span.end_at");
        } else {
            sql.append(" FROM scoped s");
        }
        sql.append(laterals(others));
        List<String> groups = new ArrayList<>();
        if (byPeriod) {
            groups.addAll(List.of("p.local_start", "p.start_at", "p.end_at"));
        }
        others.forEach(d -> groups.add(d.sql()));
        if (!groups.isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", groups)).append(" ORDER BY ").append(String.join(", ", groups));
        }
        return jdbc.prepareStatement(sql.toString(), ps -> {
            bind(ps, source, false);
            List<Group> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int i = 4;
                    List<String> key = new ArrayList<>();
                    for (int d = 0; d < others.size(); d++) {
                        key.add(rs.getString(i++));
                    }
                    long[] values = new long[measures.size()];
                    for (int m = 0; m < values.length; m++) {
                        values[m] = rs.getLong(i++);
                    }
                    out.add(new Group(period(rs), key, values));
                }
            }
            return out;
        });
    }

    /**
     * The workflow per period and level: the open backlog and how much of it was overdue at the
     * period's end (each incident's status and level then: its last move before the end; overdue
     * against its current deadline), the escalations from each level, and the findings recorded
     * at each level with the time from the incident's creation to each (median and 90th percentile).
     *
     * <p>Each move of an incident holds from its time (not before the incident's creation) until
     * the next move; the backlog at an end is the open moves holding then. Rather than looking up
     * each incident's last move at each period's end (periods × incidents lookups), each open move
     * adds one where it starts and takes one away where it ends (and the same for overdue, from
     * when it is past its deadline), and a running sum over the periods gives the backlog at each
     * end: one pass over the history. Moves and events find their period by a binary search of the
     * periods' starts ({@code width_bucket}).
     */
    List<Flow> workflow(Source source, Instant now) {
        String sql = with(source, true) + ", inc AS (SELECT s.id, s.created_at, s.deadline FROM scoped s)"
                + ", wp AS (SELECT row_number() OVER (ORDER BY start_at) AS n, local_start, start_at, end_at FROM wperiods)"
                + ", wb AS (SELECT array_agg(start_at ORDER BY n) AS starts, max(end_at) AS last_end FROM wp)"
                + ", hist AS (SELECT h.incident_id, h.seq, h.at, h.kind, h.to_status, h.from_level, h.to_level,"
                + " inc.created_at, inc.deadline, CASE WHEN h.at < wb.last_end THEN width_bucket(h.at, wb.starts) END AS n"
                + " FROM inc JOIN incident_history_v h ON h.incident_id = inc.id CROSS JOIN wb)"
                + ", moves AS (SELECT m.to_status, m.to_level, m.deadline, greatest(m.at, m.created_at) AS from_at,"
                + " lead(m.at) OVER (PARTITION BY m.incident_id ORDER BY m.at, m.seq) AS until FROM hist m)"
                + ", edges AS (SELECT m.to_level AS level, greatest(width_bucket(e.t, wb.starts), 1) AS n,"
                + " e.backlog, e.overdue FROM moves m CROSS JOIN wb CROSS JOIN LATERAL (VALUES (m.from_at, 1, 0),"
                + " (m.until, -1, 0), (CASE WHEN m.deadline IS NOT NULL THEN greatest(m.from_at, m.deadline) END, 0, 1),"
                + " (CASE WHEN m.deadline IS NOT NULL AND m.until IS NOT NULL THEN greatest(m.until, m.deadline) END, 0, -1))"
                + " AS e(t, backlog, overdue) WHERE incident_status_is_open(m.to_status)"
                + " AND (m.until IS NULL OR m.until > m.from_at) AND e.t < wb.last_end)"
                + ", steps AS (SELECT n, level, sum(backlog) AS backlog, sum(overdue) AS overdue FROM edges GROUP BY 1, 2)"
                + ", running AS (SELECT p.n, lv.level, sum(coalesce(x.backlog, 0)) OVER w AS backlog,"
                + " sum(coalesce(x.overdue, 0)) OVER w AS overdue FROM wp p CROSS JOIN (SELECT DISTINCT level FROM steps) lv"
                + " LEFT JOIN steps x ON x.n = p.n AND x.level IS NOT DISTINCT FROM lv.level"
                + " WINDOW w AS (PARTITION BY lv.level ORDER BY p.n))"
                + " SELECT 'backlog', p.local_start, r.level, CAST(r.backlog AS bigint), CAST(r.overdue AS bigint),"
                + " NULL::float8, NULL::float8 FROM running r JOIN wp p ON p.n = r.n WHERE r.backlog > 0"
                + " UNION ALL SELECT 'escalations', p.local_start, h.from_level, count(*), 0, NULL, NULL FROM hist h"
                + " JOIN wp p ON p.n = h.n WHERE h.kind = 'escalation' AND h.at >= p.start_at GROUP BY 2, 3"
                + " UNION ALL SELECT 'findings', p.local_start, h.to_level, count(*), 0,"
                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM h.at - h.created_at)),"
                + " percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM h.at - h.created_at)) FROM hist h"
                + " JOIN wp p ON p.n = h.n WHERE h.kind = 'transition' AND h.to_status = ? AND h.at >= p.start_at"
                + " GROUP BY 2, 3";
        return jdbc.prepareStatement(sql, ps -> {
            int i = bind(ps, source, true);
            if (source.unit() == null) {
                ps.setObject(i++, utc(source.from()));
                ps.setObject(i++, utc(source.to() != null ? source.to() : now));
            }
            ps.setString(i, IncidentStatus.FINDING_RECORDED.code());
            List<Flow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Flow(rs.getString(1), rs.getObject(2, LocalDateTime.class), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), rs.getObject(6, Double.class), rs.getObject(7, Double.class)));
                }
            }
            return out;
        });
    }

    /**
     * The common table expressions: {@code periods} (with the one before the first, numbered from 1 in
     * order), {@code bounds} (their starts in order, the first start and the last end), {@code span}
     * (the series without it), {@code scoped} (the countable, filtered incidents) and, for the
     * workflow, {@code wperiods} (the series' periods, or one from the start, or the beginning of
     * time, to the end asked for or now).
     */
    private static String with(Source source, boolean workflow) {
        StringBuilder sql = new StringBuilder("WITH ");
        if (source.unit() != null) {
            sql.append("periods AS (SELECT p AS local_start, p AT TIME ZONE ? AS start_at,"
                    + " (p + CAST(? AS interval)) AT TIME ZONE ? AS end_at, row_number() OVER (ORDER BY p) AS n"
                    + " FROM generate_series(date_trunc(?, CAST(? AS timestamptz) AT TIME ZONE ?) - CAST(? AS interval),"
                    + " date_trunc(?, CAST(? AS timestamptz) AT TIME ZONE ?), CAST(? AS interval)) AS p),"
                    + " bounds AS (SELECT array_agg(start_at ORDER BY n) AS starts, min(start_at) AS first_start,"
                    + " max(end_at) AS last_end FROM periods),"
                    + " span AS (SELECT min(start_at) AS start_at, max(end_at) AS end_at FROM periods"
                    + " WHERE local_start > (SELECT min(local_start) FROM periods)), ");
        }
        sql.append("scoped AS (SELECT s.* FROM ").append(source.countable().sql())
                .append((workflow ? source.filterWithoutTime() : source.filter()).sql());
        if (source.unit() != null && !workflow) {
            // Only the series' incidents are counted: said here, where an index on the observed time can use it,
            // so that the figures of the incidents outside it are never gathered.
            sql.append(" AND s.observed_at >= (SELECT first_start FROM bounds) AND s.observed_at < (SELECT last_end FROM bounds)");
        }
        sql.append(')');
        if (workflow) {
            sql.append(source.unit() != null
                    ? ", wperiods AS (SELECT * FROM periods WHERE local_start > (SELECT min(local_start) FROM periods))"
                    : ", wperiods AS (SELECT CAST(NULL AS timestamp) AS local_start,"
                    + " coalesce(CAST(? AS timestamptz), '-infinity') AS start_at, CAST(? AS timestamptz) AS end_at)");
        }
        return sql.toString();
    }

    private static String laterals(List<Dimension> dims) {
        StringBuilder sql = new StringBuilder();
        if (dims.contains(Dimension.PARTY)) {
            sql.append(" LEFT JOIN LATERAL unnest(s.alleged_parties) AS ap(party) ON TRUE");
        }
        String zones = " FROM report_zone_v z WHERE z.report_id = s.origin_report_id"
                + " AND z.mechanism_code = s.mechanism_code) zz ON TRUE";
        if (dims.contains(Dimension.ZONE)) {
            sql.append(" LEFT JOIN LATERAL (SELECT z.zone_code, z.zone_type").append(zones);
        } else if (dims.contains(Dimension.ZONE_TYPE)) {
            sql.append(" LEFT JOIN LATERAL (SELECT DISTINCT z.zone_type").append(zones);
        }
        return sql.toString();
    }

    /** Binds the values of {@link #with} in order; returns the next free index. */
    private static int bind(PreparedStatement ps, Source source, boolean workflow) throws SQLException {
        int i = 1;
        if (source.unit() != null) {
            String tz = source.timeZone();
            String step = source.unit().step();
            String field = source.unit().field();
            for (Object value : List.of(tz, step, tz, field, utc(source.from()), tz, step, field, utc(source.to()), tz, step)) {
                ps.setObject(i++, value);
            }
        }
        i = source.countable().bind(ps, i);
        return (workflow ? source.filterWithoutTime() : source.filter()).bind(ps, i);
    }

    private static Period period(ResultSet rs) throws SQLException {
        LocalDateTime local = rs.getObject(1, LocalDateTime.class);
        return local == null ? null : new Period(local, rs.getObject(2, OffsetDateTime.class).toInstant(),
                rs.getObject(3, OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

package org.trucewatch.reports;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.postgresql.PGStatement;
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
    /** The countable incidents without their reports' figures (the workflow, a report's incident list). */
    static final String COUNTABLE = "incident_countable_v";

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
    record Source(String timeZone, PeriodUnit unit, Instant from, Instant to, SqlFragment countable,
                  SqlFragment countableWithoutFigures, FilterSql filterWithoutTime) {
    }

    /** The answer's groups: by every dimension asked for, by each of two alone (else null), and the total. */
    record Tables(List<Group> rows, List<Group> byFirst, List<Group> bySecond, List<Group> total) {
    }

    /**
     * Counts grouped by {@code dims} (in that order; {@link Dimension#PERIOD} among them groups by
     * period, including the one before the first, whose values are the first one's previous), and
     * with two dimensions by each alone, and in total: all in one statement, one pass over the
     * incidents ({@code GROUPING SETS}). With a series, groupings without the period count over
     * the whole series (that period excepted).
     *
     * <p>An incident alleged against two parties, or lying in two zones, is one row per party or
     * zone; a grouping that does not group by the party (or zone) counts only the incident's first
     * row, so that it counts once there: each grouping set's figures are aggregated with a
     * {@code FILTER} saying which rows it counts.
     */
    Tables tables(Source source, List<Dimension> dims, List<Measure> measures) {
        return tables(List.of(new Table(source, dims)), measures).get(0);
    }

    /** One table of {@link #tables(List, List)}: its series, time and filters, and what it is grouped by. */
    record Table(Source source, List<Dimension> dims) {
    }

    /**
     * Several tables over the same incidents (the same scope and filters, each with its own series or
     * time and grouping: a periodic report's five), in one statement: the incidents of all their
     * times are gathered once, with their reports' figures ({@code base}, kept for the statement), and
     * each table is counted from them as {@link #tables(Source, List, List)} counts one. The sources'
     * scope and filters are the first one's; the caller gives sources that differ only in their time.
     */
    List<Tables> tables(List<Table> tables, List<Measure> measures) {
        Source first = tables.get(0).source();
        List<Shape> shapes = tables.stream().map(t -> new Shape(t.dims())).toList();
        List<Bounds> bounds = tables.stream().map(t -> bounds(t.source())).toList();
        int widest = shapes.stream().mapToInt(sh -> sh.others.size()).max().orElse(0);
        int mostSets = shapes.stream().mapToInt(sh -> sh.sets.size()).max().orElse(1);
        // Several tables keep the incidents of all their times for the statement: from the earliest
        // start to the latest end (unbounded on a side where one table is). One table reads them where
        // it counts them (NOT MATERIALIZED: a series of years is never stored whole), its own time
        // saying which.
        List<Instant> froms = new ArrayList<>();
        List<Instant> tos = new ArrayList<>();
        for (int k = 0; k < tables.size(); k++) {
            Source src = tables.get(k).source();
            froms.add(src.unit() != null ? bounds.get(k).first() : src.from());
            tos.add(src.unit() != null ? bounds.get(k).lastEnd() : src.to());
        }
        boolean several = tables.size() > 1;
        Instant baseFrom = several && !froms.contains(null) ? Collections.min(froms) : null;
        Instant baseTo = several && !tos.contains(null) ? Collections.max(tos) : null;
        StringBuilder sql = new StringBuilder("WITH base AS ").append(several ? "MATERIALIZED" : "NOT MATERIALIZED")
                .append(" (SELECT s.* FROM ").append(first.countable().sql()).append(first.filterWithoutTime().sql());
        // Said here, where an index on the observed time can use it, so that the figures of the
        // incidents outside it are never gathered. The bounds are values (bounds()), not read from the
        // periods: a condition holding a subquery is not pushed into the grouped view, which would then
        // gather the figures of every incident of the mechanism for a one-month series; and values let
        // the planner see how much of the mechanism the tables hold (a hash join for years, an index
        // for a month).
        if (baseFrom != null) {
            sql.append(" AND s.observed_at >= ?");
        }
        if (baseTo != null) {
            sql.append(" AND s.observed_at <= ?");
        }
        sql.append(')');
        List<String> selects = new ArrayList<>();
        for (int k = 0; k < tables.size(); k++) {
            sql.append(", ").append(counted(k, tables.get(k).source(), shapes.get(k), measures));
            selects.add(stageTwo(k, shapes.get(k), measures, widest, mostSets));
        }
        // Each table's rows in its own order (the last column), the tables in the order asked.
        sql.append(' ').append(String.join(" UNION ALL ", selects)).append(" ORDER BY 1, ")
                .append(6 + widest + mostSets * measures.size());
        int incidents = measures.indexOf(Measure.INCIDENTS);
        return jdbc.prepareStatement(sql.toString(), ps -> {
            plannedWithItsValues(ps);
            int i = first.countable().bind(ps, 1);
            i = first.filterWithoutTime().bind(ps, i);
            if (baseFrom != null) {
                ps.setObject(i++, utc(baseFrom));
            }
            if (baseTo != null) {
                ps.setObject(i++, utc(baseTo));
            }
            for (int k = 0; k < tables.size(); k++) {
                i = bindTable(ps, i, tables.get(k).source(), bounds.get(k));
            }
            List<List<List<Group>>> out = new ArrayList<>();
            for (Shape sh : shapes) {
                List<List<Group>> bySet = new ArrayList<>();
                sh.sets.forEach(set -> bySet.add(new ArrayList<>()));
                out.add(bySet);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int k = rs.getInt(1);
                    Shape sh = shapes.get(k);
                    int s = sh.masks.indexOf(rs.getInt(2));
                    int col = 6;
                    List<String> key = new ArrayList<>();
                    for (int d = 0; d < sh.others.size(); d++) {
                        key.add(rs.getString(col + d));
                    }
                    col += widest + s * measures.size();
                    long[] values = new long[measures.size()];
                    for (int m = 0; m < values.length; m++) {
                        values[m] = rs.getLong(col++);
                    }
                    List<Dimension> set = sh.sets.get(s);
                    // A grouping without the period is of the incidents counted in it: the periods
                    // joined without incidents (and the period before the series) leave no group there.
                    if (sh.byPeriod && !set.contains(Dimension.PERIOD) && !set.isEmpty() && incidents >= 0
                            && values[incidents] == 0) {
                        continue;
                    }
                    List<String> shown = new ArrayList<>();
                    for (int d = 0; d < sh.others.size(); d++) {
                        if (set.contains(sh.others.get(d))) {
                            shown.add(key.get(d));
                        }
                    }
                    out.get(k).get(s).add(new Group(set.contains(Dimension.PERIOD) ? period(rs, 3) : null, shown, values));
                }
            }
            List<Tables> result = new ArrayList<>();
            for (int k = 0; k < shapes.size(); k++) {
                List<List<Group>> bySet = out.get(k);
                boolean two = shapes.get(k).dims.size() == 2;
                result.add(new Tables(bySet.get(0), two ? bySet.get(1) : null, two ? bySet.get(2) : null,
                        bySet.get(bySet.size() - 1)));
            }
            return result;
        });
    }

    /**
     * A table's grouping: the grouping sets (by every dimension asked for; with two, by each alone;
     * and the total), the dimensions other than the period, and each set's GROUPING() mask (a bit,
     * the first argument's the highest, for each argument the set does not group by).
     */
    private static final class Shape {
        final List<Dimension> dims;
        final List<List<Dimension>> sets = new ArrayList<>();
        final boolean byPeriod;
        final List<Dimension> others;
        final boolean zones;
        final List<Integer> masks;

        Shape(List<Dimension> dims) {
            this.dims = dims;
            sets.add(dims);
            if (dims.size() == 2) {
                sets.add(dims.subList(0, 1));
                sets.add(dims.subList(1, 2));
            }
            if (!dims.isEmpty()) {
                sets.add(List.of());
            }
            byPeriod = dims.contains(Dimension.PERIOD);
            others = dims.stream().filter(d -> d != Dimension.PERIOD).toList();
            zones = others.contains(Dimension.ZONE) || others.contains(Dimension.ZONE_TYPE);
            masks = sets.stream().map(set -> mask(dims, set)).toList();
        }
    }

    /**
     * Table {@code k}'s common table expressions after {@code base}: its periods (with a series), its
     * incidents ({@code tK_scoped}: those of its time) and stage one ({@code tK_counted}): the
     * incidents' figures summed by every dimension asked for, with the period's number and, for
     * parties and zones, whether the row is the incident's first (so a grouping without them counts
     * it once). Stage two ({@link #stageTwo}) adds these few rows up for each grouping set: the
     * incidents are aggregated once, not once per grouping set.
     */
    private static String counted(int k, Source source, Shape sh, List<Measure> measures) {
        String t = "t" + k + "_";
        StringBuilder sql = new StringBuilder();
        if (source.unit() != null) {
            sql.append(periods(t)).append(", ");
        }
        sql.append(t).append("scoped AS NOT MATERIALIZED (SELECT s.* FROM base s WHERE TRUE");
        if (source.unit() != null) {
            sql.append(" AND s.observed_at >= ? AND s.observed_at < ?");
        } else {
            if (source.from() != null) {
                sql.append(" AND s.observed_at >= ?");
            }
            if (source.to() != null) {
                sql.append(" AND s.observed_at <= ?");
            }
        }
        sql.append("), ");
        List<String> keys = new ArrayList<>();
        if (sh.byPeriod) {
            keys.addAll(List.of("p.local_start", "p.start_at", "p.end_at", "p.n"));
        }
        for (int d = 0; d < sh.others.size(); d++) {
            keys.add(sh.others.get(d).sql() + " AS d" + d);
        }
        if (sh.others.contains(Dimension.PARTY)) {
            keys.add("coalesce(ap.ord, 1) = 1 AS first_party");
        }
        if (sh.zones) {
            keys.add("coalesce(zz.ord, 1) = 1 AS first_zone");
            keys.add("coalesce(zz.type_ord, 1) = 1 AS first_of_type");
        }
        List<String> stageOne = new ArrayList<>(keys);
        for (int m = 0; m < measures.size(); m++) {
            stageOne.add(measures.get(m).sql() + " AS m" + m);
        }
        sql.append(t).append("counted AS (SELECT ").append(String.join(", ", stageOne));
        if (sh.byPeriod) {
            // Each incident's period by a binary search of the periods' starts (scoped holds only the
            // series' incidents), so the periods join on their number, not on a range per pair.
            sql.append(" FROM ").append(t).append("periods p LEFT JOIN (SELECT s.*, width_bucket(s.observed_at, (SELECT starts FROM ")
                    .append(t).append("bounds)) AS period_n FROM ").append(t).append("scoped s) s ON s.period_n = p.n");
        } else if (source.unit() != null) {
            sql.append(" FROM ").append(t).append("span span JOIN ").append(t)
                    .append("scoped s ON s.observed_at >= span.start_at AND s.observed_at < span.end_at");
        } else {
            sql.append(" FROM ").append(t).append("scoped s");
        }
        sql.append(laterals(sh.others));
        if (!keys.isEmpty()) {
            List<String> grouped = new ArrayList<>();
            for (int n = 1; n <= keys.size(); n++) {
                grouped.add(String.valueOf(n));
            }
            sql.append(" GROUP BY ").append(String.join(", ", grouped));
        }
        return sql.append(')').toString();
    }

    /**
     * Table {@code k}'s rows, in the columns every table of the statement shares: its number, the
     * grouping set's mask, the period (three columns), {@code widest} dimension values (text; NULL
     * past its own) and {@code mostSets} × the measures (each grouping set's figures in its own
     * columns, aggregated with a FILTER saying which rows it counts; NULL past its own sets).
     */
    private static String stageTwo(int k, Shape sh, List<Measure> measures, int widest, int mostSets) {
        StringBuilder sql = new StringBuilder("(SELECT ").append(k).append(", ")
                .append(sh.dims.isEmpty() ? "0" : "GROUPING(" + String.join(", ", groupingArgs(sh.dims)) + ")")
                .append(", ").append(sh.byPeriod ? "c.local_start, c.start_at, c.end_at"
                        : "NULL::timestamp, NULL::timestamptz, NULL::timestamptz");
        for (int d = 0; d < widest; d++) {
            sql.append(d < sh.others.size() ? ", CAST(c.d" + d + " AS text)" : ", NULL::text");
        }
        for (int set = 0; set < mostSets; set++) {
            String filter = set < sh.sets.size() ? rowsCounted(sh.sets.get(set), sh.dims, sh.byPeriod, sh.zones) : null;
            for (int m = 0; m < measures.size(); m++) {
                if (set >= sh.sets.size()) {
                    sql.append(", NULL::bigint");
                    continue;
                }
                sql.append(", CAST(coalesce(sum(c.m").append(m).append(')')
                        .append(filter == null ? "" : " FILTER (WHERE " + filter + ")").append(", 0) AS bigint)");
            }
        }
        if (sh.dims.isEmpty()) {
            sql.append(", 1 FROM t").append(k).append("_counted c");
        } else {
            sql.append(", row_number() OVER (ORDER BY GROUPING(").append(String.join(", ", groupingArgs(sh.dims))).append(')');
            groupColumns(sh.dims, sh.others).forEach(c -> sql.append(", ").append(c));
            sql.append(") FROM t").append(k).append("_counted c");
            List<String> groupings = new ArrayList<>();
            for (List<Dimension> set : sh.sets) {
                groupings.add("(" + String.join(", ", groupColumns(set, sh.others)) + ")");
            }
            sql.append(" GROUP BY GROUPING SETS (").append(String.join(", ", groupings)).append(")");
        }
        return sql.append(')').toString();
    }

    /** The stage-one columns of a set's groups: the period's three, or the dimension's. */
    private static List<String> groupColumns(List<Dimension> set, List<Dimension> others) {
        List<String> columns = new ArrayList<>();
        for (Dimension d : set) {
            if (d == Dimension.PERIOD) {
                columns.addAll(List.of("c.local_start", "c.start_at", "c.end_at"));
            } else {
                columns.add("c.d" + others.indexOf(d));
            }
        }
        return columns;
    }

    /** One argument of GROUPING() per dimension, in the order asked. */
    private static List<String> groupingArgs(List<Dimension> dims) {
        List<Dimension> others = dims.stream().filter(d -> d != Dimension.PERIOD).toList();
        return dims.stream().map(d -> d == Dimension.PERIOD ? "c.local_start" : "c.d" + others.indexOf(d)).toList();
    }

    private static int mask(List<Dimension> dims, List<Dimension> set) {
        int mask = 0;
        for (int k = 0; k < dims.size(); k++) {
            if (!set.contains(dims.get(k))) {
                mask |= 1 << (dims.size() - 1 - k);
            }
        }
        return mask;
    }

    /**
     * Which rows a grouping set counts, as a FILTER condition (null: all): with a series, a set without
     * the period counts the series only (not the period before it); a set without the party counts
     * each incident's first party row only, a set without the zone (or zone type) its first zone row
     * (or first zone of each type).
     */
    private static String rowsCounted(List<Dimension> set, List<Dimension> dims, boolean byPeriod, boolean zones) {
        List<String> conditions = new ArrayList<>();
        if (byPeriod && !set.contains(Dimension.PERIOD)) {
            conditions.add("c.n > 1");
        }
        if (dims.contains(Dimension.PARTY) && !set.contains(Dimension.PARTY)) {
            conditions.add("c.first_party");
        }
        if (zones && !set.contains(Dimension.ZONE)) {
            conditions.add(set.contains(Dimension.ZONE_TYPE) ? "c.first_of_type" : "c.first_zone");
        }
        return conditions.isEmpty() ? null : String.join(" AND ", conditions);
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
        if (source.unit() == null && source.from() != null) {
            return onePeriod(source, source.from(), source.to() != null ? source.to() : now);
        }
        // A series (which mostly starts long ago) reads the history of the incidents open now or moved
        // since its start: one closed before the start holds nothing open at any end. From the
        // beginning of time, every history is read. (Joined, not "IN": the planner then sees how many
        // incidents that is, and hash-joins the history rather than probing it per incident.)
        Bounds bounds = bounds(source);
        Instant start = source.unit() != null ? bounds.seriesStart() : null;
        String sql = with(source, true) + (start != null
                ? ", moved AS (SELECT s.id FROM scoped s WHERE incident_status_is_open(s.status) UNION SELECT h.incident_id"
                + " FROM incident_history_v h WHERE h.at >= ?)"
                + ", inc AS (SELECT s.id, s.created_at, s.deadline FROM scoped s JOIN moved m ON m.id = s.id)"
                : ", inc AS (SELECT s.id, s.created_at, s.deadline FROM scoped s)")
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
            plannedWithItsValues(ps);
            int i = bindWorkflow(ps, source);
            if (source.unit() == null) {
                ps.setObject(i++, utc(source.to() != null ? source.to() : now));
            }
            if (start != null) {
                ps.setObject(i++, utc(start));
            }
            ps.setString(i, IncidentStatus.FINDING_RECORDED.code());
            return flows(ps);
        });
    }

    /**
     * The workflow of one period [start, end) (a periodic report's month or day, or statistics from a
     * start without a series): the same figures as {@link #workflow} gives for a series of one period,
     * counted more directly. The backlog at the end is each incident's state then: for an incident
     * moved at or after the end, its last move before it (its history read); for any other, its
     * current status and level (read from the incidents alone), if it was created before the end. The
     * escalations and findings are the history rows inside the period, found by their time. Issued
     * soon after its end, a period's report reads almost no history beyond its own; the series' form
     * (moves as running sums) would read the whole history of every incident moved since the start.
     */
    private List<Flow> onePeriod(Source source, Instant start, Instant end) {
        String sql = with(source, false)
                + ", moved AS (SELECT DISTINCT h.incident_id AS id FROM incident_history_v h WHERE h.at >= ?)"
                + ", at_end AS (SELECT DISTINCT ON (h.incident_id) h.to_status, h.to_level, s.deadline"
                + " FROM scoped s JOIN moved m ON m.id = s.id JOIN incident_history_v h ON h.incident_id = s.id"
                + " WHERE h.at < ? AND s.created_at < ? ORDER BY h.incident_id, h.at DESC, h.seq DESC)"
                + ", holding AS (SELECT a.to_status AS status, a.to_level AS level, a.deadline FROM at_end a"
                + " UNION ALL SELECT s.status, s.level_code, s.deadline FROM scoped s WHERE s.created_at < ?"
                + " AND NOT EXISTS (SELECT 1 FROM moved m WHERE m.id = s.id))"
                + ", inside AS (SELECT h.kind, h.at, h.to_status, h.from_level, h.to_level, s.created_at"
                + " FROM incident_history_v h JOIN scoped s ON s.id = h.incident_id WHERE h.at >= ? AND h.at < ?)"
                + " SELECT 'backlog', NULL::timestamp, level, count(*), count(*) FILTER (WHERE deadline < ?),"
                + " NULL::float8, NULL::float8 FROM holding WHERE incident_status_is_open(status) GROUP BY level"
                + " UNION ALL SELECT 'escalations', NULL, from_level, count(*), 0, NULL, NULL FROM inside"
                + " WHERE kind = 'escalation' GROUP BY from_level"
                + " UNION ALL SELECT 'findings', NULL, to_level, count(*), 0,"
                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM at - created_at)),"
                + " percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM at - created_at)) FROM inside"
                + " WHERE kind = 'transition' AND to_status = ? GROUP BY to_level";
        return jdbc.prepareStatement(sql, ps -> {
            plannedWithItsValues(ps);
            int i = bindWorkflow(ps, source);
            for (Instant t : List.of(end, end, end, end, start, end, end)) {
                ps.setObject(i++, utc(t));
            }
            ps.setString(i, IncidentStatus.FINDING_RECORDED.code());
            return flows(ps);
        });
    }

    private static List<Flow> flows(PreparedStatement ps) throws SQLException {
        List<Flow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Flow(rs.getString(1), rs.getObject(2, LocalDateTime.class), rs.getString(3), rs.getLong(4),
                        rs.getLong(5), rs.getObject(6, Double.class), rs.getObject(7, Double.class)));
            }
        }
        return out;
    }

    /**
     * A series' common table expressions, their names prefixed with {@code t}: {@code periods} (with
     * the one before the first, numbered from 1 in order), {@code bounds} (their starts in order, the
     * first start and the last end) and {@code span} (the series without the period before it).
     * Bound by {@link #bindPeriods}.
     */
    private static String periods(String t) {
        return t + "periods AS (SELECT p AS local_start, p AT TIME ZONE ? AS start_at,"
                + " (p + CAST(? AS interval)) AT TIME ZONE ? AS end_at, row_number() OVER (ORDER BY p) AS n"
                + " FROM generate_series(date_trunc(?, CAST(? AS timestamptz) AT TIME ZONE ?) - CAST(? AS interval),"
                + " date_trunc(?, CAST(? AS timestamptz) AT TIME ZONE ?), CAST(? AS interval)) AS p), "
                + t + "bounds AS (SELECT array_agg(start_at ORDER BY n) AS starts, min(start_at) AS first_start,"
                + " max(end_at) AS last_end FROM " + t + "periods), "
                + t + "span AS (SELECT min(start_at) AS start_at, max(end_at) AS end_at FROM " + t + "periods"
                + " WHERE local_start > (SELECT min(local_start) FROM " + t + "periods))";
    }

    /** Binds the values of {@link #periods} from {@code i}; returns the next free index. */
    private static int bindPeriods(PreparedStatement ps, int i, Source source) throws SQLException {
        String tz = source.timeZone();
        String step = source.unit().step();
        String field = source.unit().field();
        for (Object value : List.of(tz, step, tz, field, utc(source.from()), tz, step, field, utc(source.to()), tz, step)) {
            ps.setObject(i++, value);
        }
        return i;
    }

    /**
     * Binds table {@link #counted}'s values from {@code i} (its periods, and the time of its incidents:
     * a series' bounds, else the time asked for); returns the next free index.
     */
    private static int bindTable(PreparedStatement ps, int i, Source source, Bounds bounds) throws SQLException {
        if (source.unit() != null) {
            i = bindPeriods(ps, i, source);
            ps.setObject(i++, utc(bounds.first()));
            ps.setObject(i++, utc(bounds.lastEnd()));
            return i;
        }
        if (source.from() != null) {
            ps.setObject(i++, utc(source.from()));
        }
        if (source.to() != null) {
            ps.setObject(i++, utc(source.to()));
        }
        return i;
    }

    /**
     * The workflow's common table expressions: a series' periods ({@link #periods}), {@code scoped}
     * (the countable, filtered incidents at any time, without their reports' figures) and, for a
     * series' workflow ({@code workflowPeriods}), {@code wperiods} (the series' periods, or, with no
     * series and no start, the one from the beginning of time to the end asked for or now). Bound by {@link #bindWorkflow}.
     */
    private static String with(Source source, boolean workflowPeriods) {
        StringBuilder sql = new StringBuilder("WITH ");
        if (source.unit() != null) {
            sql.append(periods("")).append(", ");
        }
        // Read where used (the workflow names it more than once), never stored whole: NOT MATERIALIZED.
        sql.append("scoped AS NOT MATERIALIZED (SELECT s.* FROM ").append(source.countableWithoutFigures().sql())
                .append(source.filterWithoutTime().sql()).append(')');
        if (workflowPeriods) {
            sql.append(source.unit() != null
                    ? ", wperiods AS (SELECT * FROM periods WHERE local_start > (SELECT min(local_start) FROM periods))"
                    : ", wperiods AS (SELECT CAST(NULL AS timestamp) AS local_start,"
                    + " CAST('-infinity' AS timestamptz) AS start_at, CAST(? AS timestamptz) AS end_at)");
        }
        return sql.toString();
    }

    /** Binds the values of {@link #with} up to {@code wperiods}; returns the next free index. */
    private static int bindWorkflow(PreparedStatement ps, Source source) throws SQLException {
        int i = source.unit() != null ? bindPeriods(ps, 1, source) : 1;
        i = source.countableWithoutFigures().bind(ps, i);
        return source.filterWithoutTime().bind(ps, i);
    }

    /**
     * The rows an incident is counted in when grouped by party or zone: one per alleged party (each
     * party once, however many of its reports allege it: its first occurrence, numbered {@code ord}),
     * one per zone its origin report lies inside (numbered {@code ord}, and {@code type_ord} within
     * each zone type). An incident without any is one row of NULLs.
     */
    private static String laterals(List<Dimension> dims) {
        StringBuilder sql = new StringBuilder();
        if (dims.contains(Dimension.PARTY)) {
            sql.append(" LEFT JOIN LATERAL unnest(s.alleged_parties) WITH ORDINALITY AS ap(party, ord)"
                    + " ON array_position(s.alleged_parties, ap.party) = ap.ord");
        }
        if (dims.contains(Dimension.ZONE) || dims.contains(Dimension.ZONE_TYPE)) {
            sql.append(" LEFT JOIN LATERAL (SELECT z.zone_code, z.zone_type, row_number() OVER (ORDER BY z.zone_code) AS ord,"
                    + " row_number() OVER (PARTITION BY z.zone_type ORDER BY z.zone_code) AS type_ord"
                    + " FROM incident_origin_v o JOIN report_zone_v z ON z.report_id = o.report_id"
                    + " WHERE o.incident_id = s.id AND z.mechanism_code = s.mechanism_code) zz ON TRUE");
        }
        return sql.toString();
    }

    /**
     * A series' bounds as PostgreSQL computes its periods ({@link #with}): the start of the period
     * before the first, the first one's start and the last one's end; all null without a series.
     */
    record Bounds(Instant first, Instant seriesStart, Instant lastEnd) {
    }

    private Bounds bounds(Source source) {
        if (source.unit() == null) {
            return new Bounds(null, null, null);
        }
        String local = "date_trunc(?, CAST(? AS timestamptz) AT TIME ZONE ?)";
        return jdbc.prepareStatement("SELECT (" + local + " - CAST(? AS interval)) AT TIME ZONE ?, " + local
                + " AT TIME ZONE ?, (" + local + " + CAST(? AS interval)) AT TIME ZONE ?", ps -> {
            String tz = source.timeZone();
            String step = source.unit().step();
            String field = source.unit().field();
            int i = 1;
            for (Object value : List.of(field, utc(source.from()), tz, step, tz, field, utc(source.from()), tz, tz,
                    field, utc(source.to()), tz, step, tz)) {
                ps.setObject(i++, value);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Bounds(rs.getObject(1, OffsetDateTime.class).toInstant(),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getObject(3, OffsetDateTime.class).toInstant());
            }
        });
    }

    /**
     * For the rest of the caller's transaction (a periodic report's), PostgreSQL compiles none of its
     * statements to machine code ({@code jit = off}). Its cost model compiles each large statement of
     * a report with inlining and optimisation, 1 to 1.5 s apiece at 1,000,000 incidents, for
     * statements that then run for 2 to 4 s: the report was slower with it (docs/benchmarks.md,
     * "Statistics"). The statistics API keeps the server's setting.
     */
    void compileNothingInThisTransaction() {
        jdbc.execute(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL jit = off");
            }
            return null;
        });
    }

    /**
     * Each statistics statement is planned with its own values, never with a plan the connection
     * kept for the same text (pgjdbc prepares a statement on the server from its fifth use; a
     * generic plan, not knowing whether the series spans a month or years, may probe a million
     * incidents one by one).
     */
    private static void plannedWithItsValues(PreparedStatement ps) throws SQLException {
        ps.unwrap(PGStatement.class).setPrepareThreshold(0);
    }

    /** The period of a row of {@link #tables}: columns {@code first} to {@code first} + 2. */
    private static Period period(ResultSet rs, int first) throws SQLException {
        LocalDateTime local = rs.getObject(first, LocalDateTime.class);
        return local == null ? null : new Period(local, rs.getObject(first + 1, OffsetDateTime.class).toInstant(),
                rs.getObject(first + 2, OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

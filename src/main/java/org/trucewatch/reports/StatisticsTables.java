package org.trucewatch.reports;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.trucewatch.reports.StatisticsRepository.Group;
import org.trucewatch.reports.StatisticsRepository.Period;
import org.trucewatch.reports.StatisticsView.Cell;
import org.trucewatch.reports.StatisticsView.Row;

/**
 * Turns the counted groups into the answer's rows, each value with its previous period's, and,
 * for the public, suppresses small cells table by table ({@link CellSuppression}): the rows with
 * their two margins and total form one table per measure; the period before the series, shown
 * only as the first period's previous values, forms a table of its own (a line and its total).
 * A previous value is shown exactly as the table showing that period shows it.
 */
final class StatisticsTables {
    private final List<Dimension> dims;
    private final List<Measure> measures;
    private final PeriodUnit unit;
    private final Integer threshold;
    /** All periods, the one before the series first; empty without a series. */
    private final List<Period> periods;
    private final Set<String> hidden = new HashSet<>();
    private final Map<String, Map<List<String>, long[]>> sets = new LinkedHashMap<>();

    /** {@code threshold} null: nothing is suppressed (the chair's staff and the parties). */
    StatisticsTables(List<Dimension> dims, List<Measure> measures, PeriodUnit unit, Integer threshold, List<Group> rows,
                     List<Group> byFirst, List<Group> bySecond, List<Group> total) {
        this.dims = dims;
        this.measures = measures;
        this.unit = unit;
        this.threshold = threshold;
        Map<LocalDateTime, Period> seen = new LinkedHashMap<>();
        rows.stream().filter(g -> g.period() != null).forEach(g -> seen.putIfAbsent(g.period().localStart(), g.period()));
        this.periods = List.copyOf(seen.values());
        sets.put("rows", index(rows));
        sets.put("byFirst", index(byFirst));
        sets.put("bySecond", index(bySecond));
        sets.put("total", index(total));
        if (threshold != null) {
            suppress();
        }
    }

    List<StatisticsView.PeriodView> periods() {
        return periods.stream().skip(1).map(p -> new StatisticsView.PeriodView(unit.label(p.localStart()), p.start(), p.end(),
                Duration.between(p.start(), p.end()).toMinutes() / 60.0)).toList();
    }

    /** The groups of one set ("rows", "byFirst", "bySecond", "total") over its dimensions, in the series' order. */
    List<Row> rows(String set, List<Dimension> over) {
        boolean byPeriod = over.contains(Dimension.PERIOD);
        List<String> names = over.stream().filter(d -> d != Dimension.PERIOD).map(Dimension::code).toList();
        List<Row> out = new ArrayList<>();
        for (List<String> key : keys(set, byPeriod)) {
            if (!byPeriod) {
                out.add(row(set, names, null, null, key));
                continue;
            }
            for (int k = 1; k < periods.size(); k++) {
                out.add(row(set, names, periods.get(k), periods.get(k - 1), key));
            }
        }
        return out;
    }

    private Row row(String set, List<String> names, Period period, Period before, List<String> key) {
        Map<String, String> shownKey = new LinkedHashMap<>();
        if (period != null) {
            shownKey.put("period", unit.label(period.localStart()));
        }
        for (int i = 0; i < names.size(); i++) {
            shownKey.put(names.get(i), key.get(i));
        }
        Map<String, Cell> values = new LinkedHashMap<>();
        long[] now = value(set, period, key);
        long[] then = before == null ? null : value(set, before, key);
        for (int m = 0; m < measures.size(); m++) {
            boolean off = isHidden(set, period, key, m);
            Long previous = null;
            Boolean previousOff = null;
            Long change = null;
            Double percent = null;
            if (then != null) {
                previousOff = isHidden(set, before, key, m) ? Boolean.TRUE : null;
                previous = previousOff != null ? null : then[m];
                if (!off && previousOff == null) {
                    change = now[m] - then[m];
                    percent = then[m] == 0 ? null : Math.round(change * 1000.0 / then[m]) / 10.0;
                }
            }
            values.put(measures.get(m).code(), off ? new Cell(null, true, threshold, previous, previousOff, null, null)
                    : new Cell(now[m], null, null, previous, previousOff, change, percent));
        }
        return new Row(shownKey, values);
    }

    /** The groups' keys without the period: those with any figure in any period (the empty period's placeholder left out). */
    private List<List<String>> keys(String set, boolean byPeriod) {
        Set<List<String>> keys = new LinkedHashSet<>();
        for (Map.Entry<List<String>, long[]> e : sets.get(set).entrySet()) {
            List<String> key = byPeriod ? e.getKey().subList(1, e.getKey().size()) : e.getKey();
            boolean placeholder = !key.isEmpty() && key.stream().allMatch(java.util.Objects::isNull)
                    && Arrays.stream(e.getValue()).allMatch(v -> v == 0);
            if (!placeholder) {
                keys.add(key);
            }
        }
        return List.copyOf(keys);
    }

    private long[] value(String set, Period period, List<String> key) {
        long[] v = sets.get(set).get(fullKey(period, key));
        return v == null ? new long[measures.size()] : v;
    }

    private static List<String> fullKey(Period period, List<String> key) {
        List<String> full = new ArrayList<>();
        if (period != null) {
            full.add(period.localStart().toString());
        }
        full.addAll(key);
        return full;
    }

    private static Map<List<String>, long[]> index(List<Group> groups) {
        Map<List<String>, long[]> out = new LinkedHashMap<>();
        if (groups != null) {
            groups.forEach(g -> out.put(fullKey(g.period(), g.key()), g.values()));
        }
        return out;
    }

    private boolean isHidden(String set, Period period, List<String> key, int m) {
        return hidden.contains(id(set, period, key, m));
    }

    private static String id(String set, Period period, List<String> key, int m) {
        return set + "|" + (period == null ? "" : period.localStart()) + "|" + key + "|" + m;
    }

    /** One table per measure: rows × columns with margins; the period before the series as a line of its own. */
    private void suppress() {
        boolean byPeriod = dims.contains(Dimension.PERIOD);
        int others = dims.size() - (byPeriod ? 1 : 0);
        List<Period> shown = byPeriod ? periods.subList(1, periods.size()) : List.of();
        List<List<String>> rowKeys = byPeriod ? List.of(List.of()) : others >= 1 ? firstKeys() : List.of(List.of());
        List<List<String>> colKeys = byPeriod ? (others == 1 ? keys("rows", true) : List.of(List.of()))
                : others == 2 ? secondKeys() : List.of(List.of());
        for (int m = 0; m < measures.size(); m++) {
            if (byPeriod) {
                if (!shown.isEmpty()) {
                    table(m, shown, List.of(List.of()), colKeys, others == 1, false);
                    table(m, List.of(periods.get(0)), List.of(List.of()), colKeys, others == 1, true);
                }
            } else {
                table(m, java.util.Collections.singletonList(null), rowKeys, colKeys, others == 2, false);
            }
        }
    }

    private List<List<String>> firstKeys() {
        return dims.size() == 2 ? keys("byFirst", false) : keys("rows", false);
    }

    private List<List<String>> secondKeys() {
        return keys("bySecond", false);
    }

    /**
     * One table: its rows are the periods given (a series) or the first grouping's values, its
     * columns the other grouping's values (or one column). {@code twoWay}: the cells are "rows"
     * entries keyed by row and column, with margins "byFirst" (per row), "bySecond" (per column)
     * and "total"; otherwise each row's cell is its own margin. {@code line}: the period before
     * the series, one row shown only as previous values, whose column margins are its cells.
     */
    private void table(int m, List<Period> periodRows, List<List<String>> rowKeys, List<List<String>> colKeys,
                       boolean twoWay, boolean line) {
        List<Period> rowPeriods = new ArrayList<>();
        List<List<String>> rowKeyList = new ArrayList<>();
        for (Period p : periodRows) {
            for (List<String> r : rowKeys) {
                rowPeriods.add(p);
                rowKeyList.add(r);
            }
        }
        int rows = rowPeriods.size();
        int cols = colKeys.size();
        long[][] t = new long[rows + 1][cols + 1];
        String[][] ids = new String[rows + 1][cols + 1];
        for (int r = 0; r < rows; r++) {
            Period p = rowPeriods.get(r);
            List<String> rk = rowKeyList.get(r);
            for (int c = 0; c < cols; c++) {
                List<String> key = new ArrayList<>(rk);
                key.addAll(colKeys.get(c));
                t[r][c] = value("rows", p, key)[m];
                ids[r][c] = id("rows", p, key, m);
            }
            t[r][cols] = twoWay ? value("byFirst", p, rk)[m] : t[r][0];
            ids[r][cols] = twoWay ? id("byFirst", p, rk, m) : ids[r][0];
        }
        for (int c = 0; c <= cols; c++) {
            if (line) {
                t[rows][c] = t[0][c];
                ids[rows][c] = ids[0][c];
            } else if (c < cols && twoWay) {
                t[rows][c] = value("bySecond", null, colKeys.get(c))[m];
                ids[rows][c] = id("bySecond", null, colKeys.get(c), m);
            } else {
                t[rows][c] = value("total", null, List.of())[m];
                ids[rows][c] = id("total", null, List.of(), m);
            }
        }
        boolean[][] off = CellSuppression.suppress(t, threshold);
        for (int r = 0; r <= rows; r++) {
            for (int c = 0; c <= cols; c++) {
                if (off[r][c]) {
                    hidden.add(ids[r][c]);
                }
            }
        }
    }
}

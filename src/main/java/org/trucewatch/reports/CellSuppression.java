package org.trucewatch.reports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Small-cell suppression of one two-way table with its margins (docs/security.md, "Numbers";
 * docs/reports.md, "Suppression"). Hand-written: the established tools (tau-Argus, R's
 * sdcTable) are not Java libraries, and nothing on Maven Central does it.
 *
 * <p>The input is the extended table: {@code R} rows and {@code C} columns of cells, then a
 * last column of row totals and a last row of column totals, the grand total in the corner.
 * <ul>
 * <li><b>Primary:</b> every entry from 1 to {@code threshold - 1} is suppressed. A zero is
 *     shown: it names nobody, and no suppression could hide it (a line of suppressed zeros
 *     with a shown total is pinned to 0 by the counts being non-negative).</li>
 * <li><b>Secondary:</b> the shown entries and the table's equations (each row sums to its
 *     total, each column to its total) determine a suppressed entry exactly when, in the
 *     bipartite graph of rows and columns whose edges are the suppressed entries, that entry's
 *     edge lies on no cycle (it is a bridge): the unknowns' freedom is the graph's cycle space.
 *     So while a suppressed entry is a bridge, a rectangle through it (rows r, r'; columns
 *     c, c') is suppressed too, choosing the rectangle that hides the least (entries already
 *     suppressed cost nothing). Only entries of 1 or more are ever chosen, so along every
 *     cycle each suppressed entry can move by one either way and stay non-negative: no
 *     suppressed entry is determined, even knowing that counts are whole and non-negative.</li>
 * </ul>
 * A rectangle always exists: a suppressed entry is at least 1, so its row's and column's
 * totals and the grand total are too. {@code CellSuppressionTest} checks the result by
 * brute force over small tables.
 */
final class CellSuppression {
    private CellSuppression() {
    }

    /** Which entries of the extended table to suppress. */
    static boolean[][] suppress(long[][] table, int threshold) {
        int rows = table.length;
        int cols = table[0].length;
        boolean[][] hidden = new boolean[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                hidden[r][c] = table[r][c] >= 1 && table[r][c] < threshold;
            }
        }
        for (int round = 0; round <= rows * cols; round++) {
            int[] bridge = firstBridge(hidden);
            if (bridge == null) {
                return hidden;
            }
            if (!closeWithRectangle(table, hidden, bridge[0], bridge[1])) {
                break;
            }
        }
        // Not reached for a consistent table (see above); for safety, hide every entry that is not zero.
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                hidden[r][c] |= table[r][c] != 0;
            }
        }
        return hidden;
    }

    private static boolean closeWithRectangle(long[][] table, boolean[][] hidden, int r, int c) {
        long best = Long.MAX_VALUE;
        int bestRow = -1;
        int bestCol = -1;
        for (int r2 = 0; r2 < table.length; r2++) {
            for (int c2 = 0; c2 < table[0].length; c2++) {
                if (r2 == r || c2 == c) {
                    continue;
                }
                long cost = cost(table, hidden, r, c2) + cost(table, hidden, r2, c) + cost(table, hidden, r2, c2);
                if (cost >= 0 && cost < best) {
                    best = cost;
                    bestRow = r2;
                    bestCol = c2;
                }
            }
        }
        if (bestRow < 0) {
            return false;
        }
        hidden[r][bestCol] = true;
        hidden[bestRow][c] = true;
        hidden[bestRow][bestCol] = true;
        return true;
    }

    /** What suppressing the entry would hide: 0 if hidden already, its value if 1 or more, not allowed (-huge) if 0. */
    private static long cost(long[][] table, boolean[][] hidden, int r, int c) {
        if (hidden[r][c]) {
            return 0;
        }
        return table[r][c] >= 1 ? table[r][c] : Long.MIN_VALUE / 4;
    }

    /** A suppressed entry whose edge is a bridge of the rows–columns graph, or null (Tarjan's bridge search). */
    static int[] firstBridge(boolean[][] hidden) {
        int rows = hidden.length;
        int cols = hidden[0].length;
        List<int[]> edges = new ArrayList<>();
        List<List<int[]>> adjacent = new ArrayList<>();
        for (int v = 0; v < rows + cols; v++) {
            adjacent.add(new ArrayList<>());
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (hidden[r][c]) {
                    int id = edges.size();
                    edges.add(new int[] {r, c});
                    adjacent.get(r).add(new int[] {rows + c, id});
                    adjacent.get(rows + c).add(new int[] {r, id});
                }
            }
        }
        int[] order = new int[rows + cols];
        int[] low = new int[rows + cols];
        Arrays.fill(order, -1);
        int[] counter = {0};
        for (int v = 0; v < rows + cols; v++) {
            if (order[v] < 0) {
                int bridge = dfs(v, -1, adjacent, order, low, counter);
                if (bridge >= 0) {
                    return edges.get(bridge);
                }
            }
        }
        return null;
    }

    private static int dfs(int v, int viaEdge, List<List<int[]>> adjacent, int[] order, int[] low, int[] counter) {
        order[v] = low[v] = counter[0]++;
        for (int[] next : adjacent.get(v)) {
            if (next[1] == viaEdge) {
                continue;
            }
            if (order[next[0]] < 0) {
                int bridge = dfs(next[0], next[1], adjacent, order, low, counter);
                if (bridge >= 0) {
                    return bridge;
                }
                low[v] = Math.min(low[v], low[next[0]]);
                if (low[next[0]] > order[v]) {
                    return next[1];
                }
            } else {
                low[v] = Math.min(low[v], order[next[0]]);
            }
        }
        return -1;
    }
}

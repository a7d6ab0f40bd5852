package org.trucewatch.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Small-cell suppression checked by brute force: for every small table, no shown entry lies
 * between 1 and the threshold, and every suppressed entry can take at least two values among
 * all whole, non-negative fillings of the suppressed entries that agree with every shown entry
 * and with the table's sums. The fillings are enumerated outright, without the graph theory
 * the suppression itself relies on.
 */
class CellSuppressionTest {
    static final int THRESHOLD = 3;

    @Test
    void everyTwoByTwoTableWithValuesUpToFive() {
        int[] v = new int[4];
        for (int n = 0; n < 6 * 6 * 6 * 6; n++) {
            int k = n;
            for (int i = 0; i < 4; i++) {
                v[i] = k % 6;
                k /= 6;
            }
            check(new long[][] {{v[0], v[1]}, {v[2], v[3]}});
        }
    }

    @Test
    void everyLineOfThreeWithValuesUpToFive() {
        for (int a = 0; a < 6; a++) {
            for (int b = 0; b < 6; b++) {
                for (int c = 0; c < 6; c++) {
                    check(new long[][] {{a, b, c}});
                    check(new long[][] {{a}, {b}, {c}});
                }
            }
        }
    }

    @Test
    void randomTablesUpToThreeByThree() {
        Random random = new Random(16);
        for (int n = 0; n < 400; n++) {
            int rows = 1 + random.nextInt(3);
            int cols = 1 + random.nextInt(3);
            long[][] inner = new long[rows][cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    // Mostly small counts, some zeros, some large: the hard cases for suppression.
                    int pick = random.nextInt(10);
                    inner[r][c] = pick < 3 ? 0 : pick < 7 ? 1 + random.nextInt(2) : 3 + random.nextInt(3);
                }
            }
            check(inner);
        }
    }

    @Test
    void aLoneSmallCellTakesAComplementWithIt() {
        long[][] table = extended(new long[][] {{1, 7}, {8, 9}});
        boolean[][] hidden = CellSuppression.suppress(table, THRESHOLD);
        assertThat(hidden[0][0]).isTrue();
        int count = 0;
        for (boolean[] row : hidden) {
            for (boolean h : row) {
                count += h ? 1 : 0;
            }
        }
        assertThat(count).as("the small cell, one in its row, one in its column and one more").isEqualTo(4);
    }

    private static void check(long[][] inner) {
        long[][] table = extended(inner);
        boolean[][] hidden = CellSuppression.suppress(table, THRESHOLD);
        String shown = java.util.Arrays.deepToString(table) + " hidden " + java.util.Arrays.deepToString(hidden);
        for (int r = 0; r < table.length; r++) {
            for (int c = 0; c < table[0].length; c++) {
                if (!hidden[r][c]) {
                    assertThat(table[r][c] == 0 || table[r][c] >= THRESHOLD).as("shown below threshold: " + shown).isTrue();
                }
            }
        }
        long[][] min = new long[table.length][table[0].length];
        long[][] max = new long[table.length][table[0].length];
        for (long[] row : min) {
            java.util.Arrays.fill(row, Long.MAX_VALUE);
        }
        int rows = inner.length;
        int cols = inner[0].length;
        long bound = 0;
        for (long[] row : inner) {
            for (long x : row) {
                bound = Math.max(bound, x);
            }
        }
        long[][] filling = new long[rows][cols];
        fill(0, rows, cols, bound + 1, table, hidden, filling, min, max);
        for (int r = 0; r < table.length; r++) {
            for (int c = 0; c < table[0].length; c++) {
                if (hidden[r][c]) {
                    assertThat(max[r][c]).as("entry " + r + "," + c + " is determined: " + shown).isGreaterThan(min[r][c]);
                }
            }
        }
    }

    /** Every filling of the inner cells (shown ones fixed, hidden ones 0..bound) that matches every shown total. */
    private static void fill(int at, int rows, int cols, long bound, long[][] table, boolean[][] hidden, long[][] filling,
                             long[][] min, long[][] max) {
        if (at == rows * cols) {
            long[][] candidate = extended(filling);
            for (int r = 0; r <= rows; r++) {
                for (int c = 0; c <= cols; c++) {
                    if (!hidden[r][c] && candidate[r][c] != table[r][c]) {
                        return;
                    }
                }
            }
            for (int r = 0; r <= rows; r++) {
                for (int c = 0; c <= cols; c++) {
                    min[r][c] = Math.min(min[r][c], candidate[r][c]);
                    max[r][c] = Math.max(max[r][c], candidate[r][c]);
                }
            }
            return;
        }
        int r = at / cols;
        int c = at % cols;
        if (c == 0 && r > 0 && !hidden[r - 1][cols]) {
            // Pruning only: the row just filled must already match its shown total.
            long sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += filling[r - 1][j];
            }
            if (sum != table[r - 1][cols]) {
                return;
            }
        }
        if (!hidden[r][c]) {
            filling[r][c] = table[r][c];
            fill(at + 1, rows, cols, bound, table, hidden, filling, min, max);
            return;
        }
        for (long x = 0; x <= bound; x++) {
            filling[r][c] = x;
            fill(at + 1, rows, cols, bound, table, hidden, filling, min, max);
        }
    }

    /** The table with its row totals as a last column and column totals as a last row. */
    static long[][] extended(long[][] inner) {
        int rows = inner.length;
        int cols = inner[0].length;
        long[][] t = new long[rows + 1][cols + 1];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[r][c] = inner[r][c];
                t[r][cols] += inner[r][c];
                t[rows][c] += inner[r][c];
                t[rows][cols] += inner[r][c];
            }
        }
        return t;
    }
}

package org.trucewatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A new migration takes a number above the highest in the tree. Flyway refuses to start on a
 * database that already ran a higher version than a new migration's ("resolved migration not
 * applied"), so a migration that fills a gap below the highest would stop every upgraded
 * installation (docs/operations.md, "Upgrades"). The numbers left unused when their
 * migrations were written are listed here, once: filling one fails this test.
 */
class MigrationOrderTest {
    private static final Set<Integer> NEVER_USED = Set.of(5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 25, 26, 27,
            28, 29, 31, 32, 33, 34, 35, 36, 37, 38, 39, 41, 42, 43, 44, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60,
            61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 82, 83, 84, 86, 87, 93, 94, 95, 96,
            97, 98, 99);
    private static final Pattern VERSION = Pattern.compile("V(\\d+)__\\w+\\.sql");

    @Test
    void noMigrationFillsAGapBelowTheHighestNumber() throws IOException {
        TreeSet<Integer> versions = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("migrations"))) {
            for (Path f : files.toList()) {
                Matcher m = VERSION.matcher(f.getFileName().toString());
                assertThat(m.matches()).as("a Flyway versioned migration name: " + f).isTrue();
                assertThat(versions.add(Integer.parseInt(m.group(1)))).as("one migration per version: " + f).isTrue();
            }
        }
        List<Integer> filled = NEVER_USED.stream().filter(versions::contains).sorted().toList();
        assertThat(filled).as("migrations numbered below V%d, the highest; take a number above it", versions.last())
                .isEmpty();
        TreeSet<Integer> gaps = new TreeSet<>();
        for (int v = 1; v < versions.last(); v++) {
            if (!versions.contains(v)) {
                gaps.add(v);
            }
        }
        assertThat(gaps).as("numbers skipped below the highest: a new migration takes a number above it, never a gap")
                .isEqualTo(new TreeSet<>(NEVER_USED));
    }
}

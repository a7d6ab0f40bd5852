package org.trucewatch.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the newest installed PostgreSQL whose PostGIS extension is also installed, without
 * naming a major version (15 on Debian 12, 17 on Debian 13): {@code /usr/lib/postgresql/NN/bin}
 * with {@code /usr/share/postgresql/NN/extension/postgis.control}. {@code TRUCEWATCH_PG_BIN}
 * overrides the search.
 */
final class PostgresBinaries {
    private static final Path LIB = Path.of("/usr/lib/postgresql");
    private static final Path SHARE = Path.of("/usr/share/postgresql");

    private PostgresBinaries() {
    }

    static Path find() {
        String override = System.getenv("TRUCEWATCH_PG_BIN");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        try (Stream<Path> versions = Files.list(LIB)) {
            Optional<Path> newest = versions
                    .filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
                    .filter(v -> Files.exists(SHARE.resolve(v.getFileName()).resolve("extension/postgis.control")))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))));
            return newest.map(v -> v.resolve("bin")).orElseThrow(PostgresBinaries::missing);
        } catch (IOException e) {
            throw missing();
        }
    }

    private static IllegalStateException missing() {
        return new IllegalStateException("No PostgreSQL with PostGIS found under " + LIB + " and " + SHARE
                + ". Install them (apt-get install postgresql postgresql-postgis), set TRUCEWATCH_PG_BIN, "
                + "or point DATASOURCE_URL at an existing PostGIS database.");
    }
}

package org.trucewatch.zones;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestDatabase;

/** {@code trucewatch zones import …} against the test database, as an operator would run it. */
class ZonesCommandLineIT {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        Map<String, Object> properties = new HashMap<>(TestDatabase.get().properties());
        return ZonesCommandLine.run(args, properties, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void importsAFileAndPrintsWhatHappenedToEachFeature() throws Exception {
        String code = ZoneFileJson.code("cli");
        Path file = Files.createTempFile("zones-", ".geojson");
        Files.write(file, ZoneFileJson.file().area(code, "buffer_zone", ZoneFileJson.square(50, 10, 0.01), "").bytes());

        int status = run("import", file.toString(), "--mechanism", "cli-mech");

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("1 features, 1 created").contains(code).contains("created");
        assertThat(Rows.count("SELECT count(*) FROM zone WHERE code = ? AND mechanism_code = 'cli-mech'", code)).isOne();
    }

    @Test
    void aBrokenFileExitsWithOneAndNamesTheFeature() throws Exception {
        Path file = Files.createTempFile("zones-", ".geojson");
        String good = ZoneFileJson.code("ok");
        Files.write(file, ZoneFileJson.file()
                .area(good, "buffer_zone", ZoneFileJson.square(51, 10, 0.01), "")
                .feature("{\"type\":\"Polygon\",\"coordinates\":[[[51,11],[51.01,11.01],[51.01,11],[51,11.01],[51,11]]]}",
                        "{\"code\":\"bowtie\",\"type\":\"buffer_zone\",\"name\":{\"en\":\"x\"}}").bytes());
        int status = run("import", file.toString(), "--mechanism", "cli-mech");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("invalid-zone-file").contains("/features/1/geometry: the area is not valid");
        // the context migrated the database; the valid feature of the refused file was not stored
        assertThat(Rows.count("SELECT count(*) FROM zone WHERE code = ?", good)).isZero();
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run("export")).isEqualTo(2);
        assertThat(run("import")).isEqualTo(2);
        assertThat(run("import", "/no/such/file.geojson")).isEqualTo(2);
        assertThat(run("import", "x", "--layer")).isEqualTo(2);
        assertThat(err.toString()).contains("usage: trucewatch zones import");
    }
}

package org.trucewatch.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.Rows;

/** The demo at volume goes through the intake like a device's reports, and a second run stores nothing twice. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoVolumeIT implements PostgisFixture {
    static final List<Path> SAMPLES = List.of(Path.of("sample-geodata/south-lebanon.geojson"),
            Path.of("sample-geodata/colombia-mmv.geojson"));
    static final String MINE = "submitted_by = 'demo-volume'";

    @Inject
    DemoVolume demo;

    @Test
    void reportsBecomeIncidentsNearTheSampleZonesInFourLanguagesAndARerunAddsNothing() throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        long before = Rows.count("SELECT count(*) FROM incident WHERE mechanism_code IN ('lebanon-tripartite', 'colombia-mmv')");
        DemoVolume.Outcome first = demo.generate((int) before + 60, 42, SAMPLES, quiet);
        assertThat(first.incidents()).isGreaterThanOrEqualTo(before + 60);
        assertThat(Rows.count("SELECT count(*) FROM incident WHERE mechanism_code IN ('lebanon-tripartite', 'colombia-mmv')"))
                .isEqualTo(first.incidents());
        assertThat(first.created()).isEqualTo(first.offered()).isGreaterThanOrEqualTo(60);
        // Every report linked to an incident, both mechanisms fed, all in WGS 84 near the samples.
        assertThat(Rows.count("SELECT count(*) FROM report r WHERE " + MINE
                + " AND NOT EXISTS (SELECT 1 FROM incident_report l WHERE l.report_id = r.id)")).isZero();
        assertThat(Rows.count("SELECT count(DISTINCT mechanism_code) FROM report WHERE " + MINE)).isEqualTo(2);
        assertThat(Rows.count("SELECT count(*) FROM report WHERE " + MINE + " AND ST_SRID(geom) <> 4326")).isZero();
        // The samples' extents (35.104 33.078 35.68 33.36 and -77.404 1.696 -73.007 7.724) and 3 km around.
        assertThat(Rows.count("SELECT count(*) FROM report WHERE " + MINE + " AND NOT ("
                + "ST_Intersects(geom, ST_MakeEnvelope(35.07, 33.05, 35.71, 33.39, 4326))"
                + " OR ST_Intersects(geom, ST_MakeEnvelope(-77.44, 1.66, -72.97, 7.76, 4326)))")).isZero();
        // Descriptions in the four working languages.
        assertThat(Rows.count("SELECT count(*) FROM report WHERE " + MINE + " AND description ~ '[\u0600-\u06FF]'")).isPositive();
        assertThat(Rows.count("SELECT count(*) FROM report WHERE " + MINE + " AND description ~ ' près | entendues | refoulés'"))
                .isPositive();
        assertThat(Rows.count("SELECT count(*) FROM report WHERE " + MINE + " AND description ~ ' cerca | vehículos | escucharon'"))
                .isPositive();

        DemoVolume.Outcome again = demo.generate((int) before + 60, 42, SAMPLES, quiet);
        assertThat(again.created()).as("the same target and seed: nothing new").isZero();
        assertThat(again.incidents()).isEqualTo(first.incidents());
    }
}

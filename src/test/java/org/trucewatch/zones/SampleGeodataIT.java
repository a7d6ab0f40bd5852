package org.trucewatch.zones;

import org.trucewatch.zones.model.ZoneType;
import org.trucewatch.zones.model.ZoneView;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.support.PostgisFixture;

/**
 * The shipped sample theatres import, and the demo mode loads them idempotently. (The demo
 * loader runs at this context's start; the tests then check what it stored.)
 */
@MicronautTest(transactional = false)
@io.micronaut.context.annotation.Property(name = "trucewatch.demo.enabled", value = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleGeodataIT implements PostgisFixture {
    static final Path SAMPLES = Path.of(System.getProperty("project.basedir", "."), "sample-geodata");
    static final OffsetDateTime MARCH_2026 = OffsetDateTime.parse("2026-03-02T05:42:00+02:00");

    @Inject
    ZoneService zones;
    @Inject
    GeofenceService geofence;

    private ImportZonesReport importSample(String name) throws Exception {
        return zones.importZones(new ImportZonesCommand(name, Files.readAllBytes(SAMPLES.resolve(name)), null, null,
                false, null, "test"));
    }

    @Test
    void southLebanonImportsAndAgainChangesNothing() throws Exception {
        importSample("south-lebanon.geojson");
        ImportZonesReport again = importSample("south-lebanon.geojson");

        assertThat(again.features()).isEqualTo(4);
        assertThat(again.unchanged()).isEqualTo(4);
        List<ZoneView> lebanon = zones.zones(new ZoneQuery("lebanon-tripartite", null, MARCH_2026.toInstant()));
        assertThat(lebanon).extracting(ZoneView::code)
                .containsExactly("lb-blue-line", "lb-sector-east", "lb-sector-west", "lb-south-litani");
        assertThat(lebanon).allSatisfy(z -> assertThat(z.geometry().isValid()).isTrue());
        ZoneView line = lebanon.get(0);
        assertThat(line.geometry().getNumPoints()).isGreaterThan(150);
        assertThat(line.geometry().getCoordinates()[0].y).isBetween(33.08, 33.10);
    }

    @Test
    void colombiaImportsWithItsSecurityZones() throws Exception {
        importSample("colombia-mmv.geojson");
        ImportZonesReport again = importSample("colombia-mmv.geojson");

        assertThat(again.features()).isEqualTo(12);
        assertThat(again.unchanged()).isEqualTo(12 + 6);
        List<ZoneView> security = zones.zones(new ZoneQuery("colombia-mmv", ZoneType.SECURITY_ZONE, MARCH_2026.toInstant()));
        assertThat(security).hasSize(6);
        assertThat(security).extracting(z -> z.properties().path("securityZoneM").asInt())
                .containsOnly(1000, 500);
    }

    @Test
    void demoReportsFallWhereTheyShould() {
        // the first demo report: small-arms fire north of the Blue Line, inside the area of limitation
        var relations = geofence.evaluate(TestZones.wkt("POINT (35.5312 33.2741)"), 25.0, MARCH_2026);
        assertThat(relations).extracting(ZoneRelationView::zoneCode).contains("lb-south-litani", "lb-sector-east");
        assertThat(relations).filteredOn(r -> r.zoneCode().equals("lb-blue-line")).singleElement()
                .satisfies(r -> {
                    assertThat(r.sideLabel()).isEqualTo("LB");
                    assertThat(r.near()).isFalse();
                });
    }
}

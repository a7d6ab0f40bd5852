package org.trucewatch.zones;

import org.trucewatch.zones.model.ZoneType;
import org.trucewatch.zones.model.ZoneView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;
import static org.trucewatch.zones.ZoneFileJson.code;
import static org.trucewatch.zones.ZoneFileJson.file;
import static org.trucewatch.zones.ZoneFileJson.square;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.Coordinate;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.Rows;
import org.trucewatch.zones.ImportZonesReport.Outcome;

/** Importing GeoJSON zone files: all or nothing, versions, repair, derived security zones, export round trip. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZoneImportIT implements PostgisFixture {
    @Inject
    ZoneService zones;

    ImportZonesReport importOk(ImportZonesCommand command) {
        try {
            return zones.importZones(command);
        } catch (ProblemException e) {
            throw new AssertionError(e.getMessage() + ": " + e.errors(), e);
        }
    }

    static long zoneRows() {
        return Rows.count("SELECT count(*) FROM zone_version");
    }

    @Test
    void aFileImportsItsZonesAndDerivesTheSecurityZones() {
        String buffer = code("bz");
        String camp = code("camp");
        String line = code("line");
        ZoneFileJson f = file()
                .area(buffer, "buffer_zone", square(35.40, 33.10, 0.02), "")
                .area(camp, "cantonment_area", square(-75.20, 7.30, 0.02), ",\"party\":\"FARC-EP\",\"securityZoneM\":1000")
                .feature("{\"type\":\"LineString\",\"coordinates\":[[35.10,33.09],[35.20,33.10],[35.30,33.08]]}",
                        "{\"code\":\"" + line + "\",\"type\":\"ceasefire_line\",\"name\":{\"en\":\"Line\"},"
                                + "\"nearLineM\":200,\"sides\":{\"left\":\"LB\",\"right\":\"IL\"}}");

        ImportZonesReport report = zones.importZones(f.command("test-mech"));

        assertThat(report.features()).isEqualTo(3);
        assertThat(report.created()).isEqualTo(4);
        assertThat(report.outcomes()).extracting(ImportZonesReport.FeatureOutcome::code)
                .containsExactly(buffer, camp, camp + ".security", line);
        ZoneView security = zones.zone(camp + ".security", null).orElseThrow();
        assertThat(security.type()).isEqualTo(ZoneType.SECURITY_ZONE);
        assertThat(security.derivedFrom()).isEqualTo(camp);
        assertThat(security.name().path("fr").asText()).isEqualTo("Zone de sécurité de " + camp);
        // a ring: the area itself is a hole
        assertThat(security.geometry().covers(security.geometry().getFactory().createPoint(new Coordinate(-75.19, 7.31))))
                .isFalse();
        // a line digitised west to east keeps its direction (sides depend on it)
        ZoneView stored = zones.zone(line, null).orElseThrow();
        assertThat(stored.geometry().getCoordinates()[0].x).isEqualTo(35.10);
        assertThat(stored.properties().path("sides").path("left").asText()).isEqualTo("LB");
    }

    @Test
    void importingTheSameFileAgainMakesNoNewVersion() {
        String camp = code("camp");
        ZoneFileJson f = file().area(camp, "cantonment_area", square(-74.0, 2.5, 0.03),
                ",\"party\":\"FARC-EP\",\"securityZoneM\":1000");
        zones.importZones(f.command("test-mech"));
        long before = zoneRows();

        ImportZonesReport again = zones.importZones(f.command("test-mech"));

        assertThat(again.unchanged()).isEqualTo(2);
        assertThat(again.created() + again.newVersions()).isZero();
        assertThat(zoneRows()).isEqualTo(before);
    }

    @Test
    void aBrokenFileNamesEachBadFeatureAndStoresNothing() {
        String good = code("good");
        ZoneFileJson f = file()
                .area(good, "buffer_zone", square(10, 10, 0.01), "")
                // a bow tie: its two edges cross
                .feature("{\"type\":\"Polygon\",\"coordinates\":[[[10,11],[10.01,11.01],[10.01,11],[10,11.01],[10,11]]]}",
                        "{\"code\":\"" + code("bowtie") + "\",\"type\":\"buffer_zone\",\"name\":{\"en\":\"x\"}}")
                .area("", "buffer_zone", square(12, 12, 0.01), "")
                .feature("{\"type\":\"Point\",\"coordinates\":[10,10]}",
                        "{\"code\":\"" + code("pt") + "\",\"type\":\"buffer_zone\",\"name\":{\"en\":\"x\"}}")
                .area(code("line"), "ceasefire_line", square(13, 13, 0.01), "")
                .area(code("camp"), "cantonment_area", square(14, 14, 0.01), ",\"securityZoneM\":-5");
        long before = zoneRows();

        ProblemException problem = catchThrowableOfType(ProblemException.class,
                () -> zones.importZones(f.command("test-mech")));

        assertThat(problem.type()).isEqualTo(ProblemType.INVALID_ZONE_FILE);
        assertThat(problem.errors()).extracting(FieldError::pointer).contains(
                "/features/1/geometry", "/features/2/properties/code", "/features/3/geometry",
                "/features/4/geometry", "/features/4/properties/nearLineM", "/features/5/properties/party",
                "/features/5/properties/securityZoneM");
        assertThat(problem.errors()).filteredOn(e -> e.pointer().equals("/features/1/geometry"))
                .singleElement().extracting(FieldError::detail).asString()
                .contains("self-intersection").contains("[10.005, 11.005]").contains("repair");
        assertThat(problem.errors()).extracting(FieldError::pointer).noneMatch(p -> p.startsWith("/features/0"));
        assertThat(zoneRows()).isEqualTo(before);
        assertThat(zones.zone(good, null)).isEmpty();
    }

    @Test
    void repairIsDoneOnlyWhenAskedAndReportedPerFeature() {
        String bowtie = code("bowtie");
        byte[] content = file().feature(
                "{\"type\":\"Polygon\",\"coordinates\":[[[20,21],[20.01,21.01],[20.01,21],[20,21.01],[20,21]]]}",
                "{\"code\":\"" + bowtie + "\",\"type\":\"buffer_zone\",\"name\":{\"en\":\"x\"}}").bytes();

        ImportZonesReport report = zones.importZones(ZoneFileJson.command(content, "test-mech", true, null));

        assertThat(report.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(Outcome.CREATED);
            assertThat(o.note()).startsWith("repaired: ").contains("self-intersection");
        });
        ZoneView zone = zones.zone(bowtie, null).orElseThrow();
        assertThat(zone.geometry().isValid()).isTrue();
        assertThat(zone.geometry().getArea()).isCloseTo(0.00005, within(1e-9));
    }

    @Test
    void anEditMakesANewVersionAndKeepsTheOldOne() {
        String bz = code("bz");
        zones.importZones(file().area(bz, "buffer_zone", square(30, 30, 0.01), "").command("test-mech"));
        Instant edit = Instant.parse("2025-06-01T00:00:00Z");

        ImportZonesReport report = zones.importZones(ZoneFileJson.command(
                file().area(bz, "buffer_zone", square(30, 30, 0.02), "").bytes(), "test-mech", false, edit));

        assertThat(report.newVersions()).isEqualTo(1);
        List<ZoneView> history = zones.history(bz);
        assertThat(history).extracting(ZoneView::version).containsExactly(1, 2);
        assertThat(history.get(0).validTo()).isEqualTo(edit);
        assertThat(history.get(1).validFrom()).isEqualTo(edit);
        assertThat(zones.zone(bz, Instant.parse("2025-05-01T00:00:00Z")).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void aZoneCannotChangeItsTypeOrMechanism() {
        String bz = code("bz");
        zones.importZones(file().area(bz, "buffer_zone", square(31, 31, 0.01), "").command("test-mech"));

        ProblemException type = catchThrowableOfType(ProblemException.class, () -> zones.importZones(
                file().area(bz, "area_of_separation", square(31, 31, 0.01), "").command("test-mech")));
        ProblemException mechanism = catchThrowableOfType(ProblemException.class, () -> zones.importZones(
                file().area(bz, "buffer_zone", square(31, 31, 0.01), "").command("other-mech")));

        assertThat(type.errors()).extracting(FieldError::pointer).containsExactly("/features/0/properties/type");
        assertThat(mechanism.errors()).extracting(FieldError::pointer).containsExactly("/features/0/properties/mechanism");
    }

    @Test
    void theGeoJsonExportImportsAgainUnchanged() {
        String mechanism = code("mech");
        zones.importZones(file()
                .area(code("camp"), "cantonment_area", square(-73.5, 3.0, 0.05), ",\"party\":\"FARC-EP\",\"securityZoneM\":500")
                .area(code("aor"), "area_of_responsibility", square(-74.0, 3.0, 0.4), ",\"team\":\"T1\",\"level\":\"local\"")
                .command(mechanism));

        String export = zones.exportGeoJson(new ZoneQuery(mechanism, null, null));
        ImportZonesReport again = importOk(ZoneFileJson.command(export.getBytes(StandardCharsets.UTF_8),
                mechanism, false, null));

        assertThat(again.features()).isEqualTo(3);
        assertThat(again.outcomes()).extracting(ImportZonesReport.FeatureOutcome::outcome)
                .containsOnly(Outcome.UNCHANGED, Outcome.SKIPPED);
        assertThat(again.unchanged()).isEqualTo(3);
    }

    @Test
    void longEdgesAreSplitAlongTheirGreatCircle() {
        String aor = code("aor");
        // a 0.4° (~44 km) square: its east-west edges follow great circles, north of the parallel
        zones.importZones(file().area(aor, "area_of_responsibility", square(-74.0, 3.0, 0.4),
                ",\"team\":\"T1\",\"level\":\"regional\"").command("test-mech"));

        ZoneView zone = zones.zone(aor, null).orElseThrow();
        assertThat(zone.geometry().getNumPoints()).isGreaterThan(4 * 44);
        String gap = Rows.text("SELECT ST_Distance(ST_GeomFromText('POINT(-73.8 3.0)', 4326)::geography,"
                + " ST_Boundary(v.geom)::geography) FROM zone_version v JOIN zone z ON z.id = v.zone_id WHERE z.code = ?", aor);
        // the great circle through (-74, 3) and (-73.6, 3) passes L²·tan φ / 8R ≈ 2.0 m north of the
        // parallel midway; an undensified (planar) edge would be 0 m from the point
        assertThat(Double.parseDouble(gap)).isCloseTo(2.0, within(0.1));
    }
}

package org.trucewatch.zones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.io.WKTWriter;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;
import org.trucewatch.support.Gdal;
import org.trucewatch.support.PostgisFixture;

/**
 * The project's sample zones, reprojected by GDAL/PROJ ({@code ogr2ogr -t_srs}) into the
 * national systems field data comes in, imported as GeoPackage and as GeoJSON with a legacy
 * {@code crs} member. Each import either lands every vertex within the stated accuracy of
 * the transformation PROJ chose for that area plus 1 m of the original WGS 84 sample
 * (checked in PostGIS, on the spheroid), or is refused with a problem naming the CRS, the
 * accuracy and the fix, storing nothing. PROJ's accuracies are EPSG's, as {@code projinfo -s
 * EPSG:4218 -t EPSG:4326 --spatial-test intersects --bbox …} lists them.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZoneCrsIT implements PostgisFixture {
    private static final Path SAMPLES = Path.of("sample-geodata");
    private static final Path WORK = Path.of("target", "zone-crs-it");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ZoneService zones;

    @BeforeAll
    void workDirectory() throws Exception {
        Files.createDirectories(WORK);
    }

    @ParameterizedTest(name = "EPSG:{0} {2} from {1}")
    @CsvSource({
            // code, sample, format, expected, PROJ's stated accuracy (m)
            "21897, colombia-mmv, gpkg, imported, 1",     // Bogota 1975: regional transformations (7)-(10), 1 m
            "21897, colombia-mmv, geojson, imported, 1",
            "3116, colombia-mmv, gpkg, imported, 1",      // MAGNA-SIRGAS to WGS 84 (1)
            "3116, colombia-mmv, geojson, imported, 1",
            "9377, colombia-mmv, gpkg, imported, 1",      // MAGNA-SIRGAS 2018 to WGS 84 (1)
            "9377, colombia-mmv, geojson, imported, 1",
            "32618, colombia-mmv, gpkg, imported, 0",
            "32618, colombia-mmv, geojson, imported, 0",
            "2039, south-lebanon, gpkg, refused, 0",      // Israel 1993 to WGS 84 (2): area of use ends at 33.28°N
            "2039, south-lebanon, geojson, refused, 0",
            "22770, south-lebanon, gpkg, refused, 0",     // Deir ez Zor: Syria only; PROJ has only a ballpark here
            "22770, south-lebanon, geojson, refused, 0",
            "22780, south-lebanon, gpkg, refused, 0",
            "22780, south-lebanon, geojson, refused, 0",
            "32236, south-lebanon, gpkg, imported, 2",    // WGS 72 to WGS 84 (2), 2 m
            "32236, south-lebanon, geojson, imported, 2",
            "23036, south-lebanon, gpkg, imported, 2.5",  // ED50 to WGS 84 (37), 2.5 m; unshifted ~47 m off
            "32636, south-lebanon, gpkg, imported, 0",
            "32636, south-lebanon, geojson, imported, 0",
            "3857, south-lebanon, gpkg, imported, 0",
            "3857, south-lebanon, geojson, imported, 0",
    })
    void aReprojectedSampleLandsWithinPROJsAccuracyOrIsRefused(int epsg, String sample, String format,
                                                                String expected, double projAccuracyM) throws Exception {
        String prefix = "crs" + epsg + format;
        Map<String, String> originals = new TreeMap<>();
        byte[] file = reprojected(sample, prefix, epsg, format, originals);

        if (expected.equals("refused")) {
            ProblemException refused = catchThrowableOfType(ProblemException.class,
                    () -> zones.importZones(new ImportZonesCommand(prefix, file, "test-mech", null, false, null, "test")));
            assertThat(refused).as("EPSG:%d must be refused", epsg).isNotNull();
            assertThat(refused.type()).isEqualTo(ProblemType.INACCURATE_TRANSFORMATION);
            assertThat(refused.getMessage()).contains("EPSG:" + epsg).contains("accurate only to");
            assertThat(refused.errors()).extracting(FieldError::pointer).containsOnly("/crs");
            assertThat(refused.errors()).allSatisfy(e -> assertThat(e.detail()).contains("EPSG:" + epsg)
                    .contains("acceptAccuracyM=").contains("transformation=EPSG:"));
            assertThat(storedCodes(prefix)).isEmpty();
            return;
        }
        ImportZonesReport report = zones.importZones(new ImportZonesCommand(prefix, file, "test-mech", null, false,
                null, "test"));
        assertThat(report.transformation().sourceCrs()).startsWith("EPSG:" + epsg + " ");
        assertThat(report.transformation().accuracyM()).isLessThanOrEqualTo(5.0);
        assertThat(report.transformation().operations()).isNotEmpty()
                .allSatisfy(o -> assertThat(o.datumShiftOmitted() || o.outsideAreaOfUse()).isFalse());
        for (var e : originals.entrySet()) {
            assertThat(offM(e.getKey(), e.getValue())).as("%s from EPSG:%d", e.getKey(), epsg)
                    .isLessThanOrEqualTo(projAccuracyM + 1.0);
        }
    }

    @ParameterizedTest(name = "EPSG:{0} is shifted once the admin accepts {1} m")
    @CsvSource({"23036, 2.5", "26714, 7"})
    void ed50AndNad27AreShiftedNotCarriedOver(int epsg, double acceptM) throws Exception {
        // NAD27 near Austin: NAD27 to WGS 84 (6), 7 m (PROJ lacks the NADCON grid here too); refused at 5 m
        Map<String, String> originals = new TreeMap<>();
        String prefix = "shift" + epsg;
        byte[] file = epsg == 26714 ? reprojected(texas(), prefix, epsg, "gpkg", originals)
                : reprojected("south-lebanon", prefix, epsg, "gpkg", originals);
        if (acceptM > 5) {
            ProblemException refused = catchThrowableOfType(ProblemException.class,
                    () -> zones.importZones(new ImportZonesCommand(prefix, file, "test-mech", null, false, null, "test")));
            assertThat(refused.type()).as("%s %s", refused.getMessage(), refused.errors())
                    .isEqualTo(ProblemType.INACCURATE_TRANSFORMATION);
        }
        ImportZonesReport report = zones.importZones(new ImportZonesCommand(prefix, file, "test-mech", null, false,
                null, "test", new ImportZonesCommand.CrsOptions(null, null, acceptM)));
        assertThat(report.transformation().operations()).extracting(ImportZonesReport.UsedOperation::accuracyM)
                .containsOnly(acceptM);
        assertThat(report.transformation().basis()).isEqualTo(acceptM > 5 ? "accepted" : "within-limit");
        for (var e : originals.entrySet()) {
            // without the datum shift these lie 40 m and more away (ED50 near Tyre ~47 m)
            assertThat(offM(e.getKey(), e.getValue())).isLessThanOrEqualTo(acceptM + 1.0);
        }
        String placement = query("SELECT v.placement::text FROM zone_version v JOIN zone z ON z.id = v.zone_id"
                + " WHERE z.code = ?", originals.keySet().iterator().next()).get(0);
        assertThat(JSON.readTree(placement).path("operations").get(0).path("code").asText()).startsWith("EPSG:");
        assertThat(JSON.readTree(placement).path("basis").asText()).isEqualTo(report.transformation().basis());
    }

    @org.junit.jupiter.api.Test
    void anAdminMayNameTheTransformationAndItIsRecorded() throws Exception {
        Map<String, String> originals = new TreeMap<>();
        byte[] file = reprojected("south-lebanon", "named2039", 2039, "gpkg", originals);
        ImportZonesReport report = zones.importZones(new ImportZonesCommand("named", file, "test-mech", null, false,
                null, "admin.test", new ImportZonesCommand.CrsOptions(null, "EPSG:9676", null)));
        assertThat(report.transformation().basis()).isEqualTo("named");
        assertThat(report.transformation().operations()).extracting(ImportZonesReport.UsedOperation::code)
                .containsOnly("EPSG:9676");
        for (var e : originals.entrySet()) {
            assertThat(offM(e.getKey(), e.getValue())).isLessThanOrEqualTo(0.5 + 1.0);
        }
        String code = originals.keySet().iterator().next();
        String placement = query("SELECT v.placement::text FROM zone_version v JOIN zone z ON z.id = v.zone_id"
                + " WHERE z.code = ?", code).get(0);
        assertThat(JSON.readTree(placement).path("decidedBy").asText()).isEqualTo("admin.test");
        List<String> audit = query("SELECT details::text FROM audit_event WHERE action = 'zone.import'"
                + " AND target_id = ?", "named");
        assertThat(audit).hasSize(1);
        assertThat(JSON.readTree(audit.get(0)).path("transformation").path("basis").asText()).isEqualTo("named");
    }

    @org.junit.jupiter.api.Test
    void aTransformationForAnotherDatumIsRefusedByName() throws Exception {
        byte[] file = reprojected("south-lebanon", "wrongop", 2039, "gpkg", new TreeMap<>());
        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> zones.importZones(
                new ImportZonesCommand("wrongop", file, "test-mech", null, false, null, "test",
                        new ImportZonesCommand.CrsOptions(null, "EPSG:15729", null))));
        assertThat(refused.type()).isEqualTo(ProblemType.INVALID_ZONE_FILE);
        assertThat(refused.errors()).extracting(FieldError::parameter).containsExactly("transformation");
        assertThat(refused.errors().get(0).detail()).contains("Bogota 1975").contains("Israel 1993");
    }

    @org.junit.jupiter.api.Test
    void aGeoJsonWithoutCrsMemberTakesTheNamedCrs() throws Exception {
        Map<String, String> originals = new TreeMap<>();
        byte[] withMember = reprojected("colombia-mmv", "namedcrs", 21897, "geojson", originals);
        ObjectNode root = (ObjectNode) JSON.readTree(withMember);
        root.remove("crs");
        byte[] bare = JSON.writeValueAsBytes(root);
        ImportZonesReport report = zones.importZones(new ImportZonesCommand("bare", bare, "test-mech", null, false,
                null, "test", new ImportZonesCommand.CrsOptions("EPSG:21897", null, null)));
        assertThat(report.transformation().sourceCrs()).startsWith("EPSG:21897");
        for (var e : originals.entrySet()) {
            assertThat(offM(e.getKey(), e.getValue())).isLessThanOrEqualTo(2.0);
        }
        ProblemException conflicting = catchThrowableOfType(ProblemException.class, () -> zones.importZones(
                new ImportZonesCommand("conflict", withMember, "test-mech", null, false, null, "test",
                        new ImportZonesCommand.CrsOptions("EPSG:3116", null, null))));
        assertThat(conflicting.errors()).extracting(FieldError::parameter).containsExactly("crs");
    }

    /** The sample with codes made unique and mechanism set, reprojected by ogr2ogr; originals get code → WKT. */
    private byte[] reprojected(String sample, String prefix, int epsg, String format, Map<String, String> originals)
            throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(sample.startsWith("{") ? sample
                : Files.readString(SAMPLES.resolve(sample + ".geojson")));
        for (var feature : (ArrayNode) root.get("features")) {
            ObjectNode p = (ObjectNode) feature.get("properties");
            String code = prefix + "-" + p.path("code").asText();
            p.put("code", code).put("mechanism", "test-mech");
            originals.put(code, new WKTWriter().write(new GeoJsonReader().read(feature.get("geometry").toString())));
        }
        Path in = WORK.resolve(prefix + "-in.geojson");
        Files.write(in, JSON.writeValueAsBytes(root));
        Path out = WORK.resolve(prefix + (format.equals("gpkg") ? ".gpkg" : ".geojson"));
        Files.deleteIfExists(out);
        List<String> command = new ArrayList<>(List.of("ogr2ogr", "-t_srs", "EPSG:" + epsg));
        if (format.equals("gpkg")) {
            command.addAll(List.of("-f", "GPKG", "-nln", "zones"));
        } else {
            command.addAll(List.of("-f", "GeoJSON", "-lco", "RFC7946=NO"));
        }
        command.addAll(List.of(out.toString(), in.toString()));
        Gdal.run(command).ok();
        return Files.readAllBytes(out);
    }

    private static String texas() {
        return "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"austin\","
                + "\"type\":\"buffer_zone\",\"name\":{\"en\":\"Austin test zone\"}},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[-97.75,30.25],"
                + "[-97.70,30.25],[-97.70,30.30],[-97.75,30.30],[-97.75,30.25]]]}}]}";
    }

    /** The largest distance on the spheroid, either way, between the stored zone and the original, metres. */
    private double offM(String code, String originalWkt) throws Exception {
        String sql = "WITH z AS (SELECT v.geom FROM zone_version v JOIN zone c ON c.id = v.zone_id WHERE c.code = ?"
                + " AND ST_SRID(v.geom) = 4326), o AS (SELECT ST_GeomFromText(?, 4326) AS geom)"
                + " SELECT greatest((SELECT max(ST_Distance(d.geom::geography, (SELECT geom FROM o)::geography))"
                + " FROM z, ST_DumpPoints(z.geom) d), (SELECT max(ST_Distance(d.geom::geography,"
                + " (SELECT geom FROM z)::geography)) FROM o, ST_DumpPoints(o.geom) d))";
        try (var c = org.trucewatch.support.TestDatabase.get().connect(); var ps = c.prepareStatement(sql)) {
            ps.setString(1, code);
            ps.setString(2, originalWkt);
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                double d = rs.getDouble(1);
                assertThat(rs.wasNull()).as("zone %s stored in SRID 4326", code).isFalse();
                return d;
            }
        }
    }

    private List<String> storedCodes(String prefix) throws Exception {
        return query("SELECT code FROM zone WHERE code LIKE ?", prefix + "-%");
    }

    private List<String> query(String sql, String value) throws Exception {
        List<String> out = new ArrayList<>();
        try (var c = org.trucewatch.support.TestDatabase.get().connect(); var ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}

package org.trucewatch.gis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Gdal;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestUsers;

/**
 * Every export format read back by GDAL, as QGIS or Google Earth would read it: feature count,
 * geometry type, SRS and attribute values; GeoPackages also pass GDAL's validator.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportIT implements PostgisFixture {
    static final String MECH = "export-mech";
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;

    Api chair;
    String chairName;
    String pointId;
    String lineId;
    String polygonId;
    final String description = "Tirs entendus, \"deux\" rafales; près de l'école,\nligne 2 — عربى";

    @BeforeAll
    void setUp() {
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        chairName = users.create("chair", grant("chair", MECH));
        chair = users.signIn(chairName);
        pointId = submit(ReportJson.valid().point(20.1234567, 45.5).withText("description", description)
                .with("casualties", "{\"civiliansKilled\":0,\"civiliansInjured\":3}")
                .withText("observedAt", "2026-03-01T10:00:00+02:00"));
        lineId = submit(ReportJson.valid().geometry("{\"type\":\"LineString\",\"coordinates\":[[20.2,45.2],[20.3,45.3]]}")
                .withText("category", "HEAVY_WEAPONS_MOVEMENT"));
        // Clockwise on input: every format must still orient it as its rules say.
        polygonId = submit(ReportJson.valid().geometry(
                "{\"type\":\"Polygon\",\"coordinates\":[[[20.4,45.4],[20.4,45.5],[20.5,45.5],[20.5,45.4],[20.4,45.4]]]}")
                .withText("category", "ARMED_PRESENCE"));
    }

    private String submit(ReportJson report) {
        Api.Answer answer = chair.post("/api/v1/reports", "application/geo+json", report.withText("mechanism", MECH).json());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().path("id").asText();
    }

    private Path download(String file, String query) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("export-it-");
        Path target = dir.resolve(file);
        HttpResponse<Path> response = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        server.getURI().resolve("/api/v1/exports/" + file + query))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (chairName + ":" + TestUsers.PASSWORD).getBytes())).GET().build(),
                HttpResponse.BodyHandlers.ofFile(target));
        if (response.statusCode() != 200) {
            throw new AssertionError(response.statusCode() + " " + Files.readString(target));
        }
        assertThat(response.headers().firstValue("Content-Disposition").orElse("")).contains("filename=\"" + file + "\"");
        return target;
    }

    /** Features of a GDAL-readable source as GeoJSON (GDAL converts them), by id. */
    private static Map<String, JsonNode> features(String source, String... layer) throws IOException {
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode f : JSON.readTree(Gdal.toGeoJson(source, layer)).path("features")) {
            byId.put(f.path("properties").path("id").asText(), f);
        }
        return byId;
    }

    @Test
    void geoPackagePassesTheValidatorAndGdalReadsItBack() throws Exception {
        Path gpkg = download("reports.gpkg", "?mechanism=" + MECH);
        Gdal.Run validation = Gdal.validateGeoPackage(gpkg);
        assertThat(validation.exit()).as(validation.output()).isZero();
        for (String[] table : new String[][] {{"reports_points", "Point"}, {"reports_lines", "Line String"},
                {"reports_areas", "Polygon"}}) {
            Gdal.Run info = Gdal.summary(gpkg.toString(), table[0]);
            assertThat(info.featureCount()).as(table[0]).isEqualTo(1);
            assertThat(info.geometryType()).as(table[0]).isEqualTo(table[1]);
            assertThat(info.output()).contains("EPSG\",4326").contains("observedAt: DateTime").contains("localOffset: String");
            assertThat(Gdal.run("ogrinfo", "-ro", "-sql", "SELECT HasSpatialIndex('" + table[0] + "', 'geom')",
                    gpkg.toString()).ok().output()).contains("= 1");
        }
        // QGIS styles: one default per table, coloured by category (the KML palette).
        assertThat(Gdal.run("ogrinfo", "-ro", "-sql", "SELECT f_table_name, useAsDefault, styleQML FROM layer_styles "
                + "ORDER BY f_table_name", gpkg.toString()).ok().output())
                .contains("f_table_name (String) = reports_areas", "f_table_name (String) = reports_points")
                .contains("type=\"categorizedSymbol\" attr=\"category\"", "class=\"SimpleFill\"", "class=\"SimpleMarker\"")
                .contains("value=\"INDIRECT_FIRE\" label=\"Indirect fire / shelling\"");
        Map<String, JsonNode> f = features(gpkg.toString(), "reports_points");
        f.putAll(features(gpkg.toString(), "reports_lines"));
        f.putAll(features(gpkg.toString(), "reports_areas"));
        assertThat(f.keySet()).containsExactlyInAnyOrder(pointId, lineId, polygonId);
        JsonNode point = f.get(pointId);
        assertThat(point.path("geometry").path("coordinates").get(0).asDouble()).isEqualTo(20.1234567);
        assertThat(point.path("properties").path("description").asText()).isEqualTo(description);
        assertThat(point.path("properties").path("civiliansKilled").asInt(-1)).isZero();
        assertThat(point.path("properties").path("civiliansInjured").asInt()).isEqualTo(3);
        assertThat(point.path("properties").path("submittedBy").asText()).isEqualTo(chairName);
        assertThat(point.path("properties").path("observedAt").asText()).startsWith("2026-03-01T08:00:00");
        assertThat(point.path("properties").path("localOffset").asText()).isEqualTo("+02:00");
        assertThat(f.get(lineId).path("geometry").path("type").asText()).isEqualTo("LineString");
        // A spatial filter goes through the R-tree: it must find the polygon only.
        String spatial = Gdal.run("ogrinfo", "-ro", "-spat", "20.39", "45.39", "20.51", "45.51", gpkg.toString(),
                "reports_areas").ok().output();
        assertThat(spatial).contains(polygonId).doesNotContain(pointId).doesNotContain(lineId);
        assertThat(Gdal.run("ogrinfo", "-ro", "-sql", "SELECT count(*) AS n FROM rtree_reports_areas_geom",
                gpkg.toString()).ok().output()).contains("n (Integer) = 1");
        assertThat(Gdal.run("ogrinfo", "-ro", "-sql", "SELECT rtreecheck('rtree_reports_areas_geom') AS c", gpkg.toString())
                .ok().output()).contains("c (String) = ok");
    }

    @Test
    void shapefileZipHasOneFilePerShapeTypeWithShortNamesUtf8AndWgs84() throws Exception {
        Path zip = download("reports.shp.zip", "?mechanism=" + MECH);
        String vsi = "/vsizip/" + zip;
        Gdal.Run points = Gdal.summary(vsi + "/reports_points.shp");
        assertThat(points.featureCount()).isEqualTo(1);
        assertThat(points.geometryType()).isEqualTo("Point");
        assertThat(points.output()).contains("WGS 84").contains("civ_injurd: Integer").contains("obs_at: String")
                .contains("cut_fields: String");
        assertThat(Gdal.summary(vsi + "/reports_lines.shp").geometryType()).isEqualTo("Line String");
        assertThat(Gdal.summary(vsi + "/reports_areas.shp").geometryType()).isEqualTo("Polygon");
        JsonNode p = features(vsi + "/reports_points.shp").get(pointId).path("properties");
        assertThat(p.path("descr").asText()).isEqualTo(description);
        assertThat(p.path("civ_injurd").asInt()).isEqualTo(3);
        assertThat(p.path("submit_by").asText()).isEqualTo(chairName);
        JsonNode polygon = features(vsi + "/reports_areas.shp").get(polygonId);
        assertThat(polygon.path("geometry").path("coordinates").get(0)).hasSize(5);
        Gdal.run("ogrinfo", "-ro", "-al", vsi + "/reports_areas.shp").ok();
        String check = Gdal.run("ogrinfo", "-ro", "-dialect", "SQLite", "-sql",
                "SELECT ST_IsValid(GEOMETRY) AS ok FROM reports_areas", vsi + "/reports_areas.shp").ok().output();
        assertThat(check).contains("ok (Integer) = 1");
    }

    @Test
    void kmlHasStylesByCategoryAndTypedExtendedData() throws Exception {
        Path kml = download("reports.kml", "?mechanism=" + MECH);
        String text = Files.readString(kml);
        assertThat(text).contains("<Style id=\"s-SMALL_ARMS_FIRE\">").contains("<styleUrl>#s-ARMED_PRESENCE</styleUrl>")
                .contains("<SimpleField type=\"int\" name=\"civiliansInjured\">");
        Gdal.Run info = Gdal.summary(kml.toString());
        assertThat(info.featureCount()).isEqualTo(3);
        assertThat(info.output()).contains("WGS 84");
        JsonNode p = features(kml.toString()).get(pointId).path("properties");
        assertThat(p.path("description").asText()).isEqualTo(description);
        assertThat(p.path("civiliansInjured").asInt()).isEqualTo(3);
        assertThat(p.path("category").asText()).isEqualTo("SMALL_ARMS_FIRE");
    }

    @Test
    void geoJsonIsRfc7946WithCounterClockwiseRings() throws Exception {
        Path file = download("reports.geojson", "?mechanism=" + MECH);
        JsonNode doc = JSON.readTree(file.toFile());
        assertThat(doc.has("crs")).isFalse();
        Map<String, JsonNode> f = new HashMap<>();
        doc.path("features").forEach(x -> f.put(x.path("id").asText(), x));
        assertThat(f).hasSize(3);
        JsonNode ring = f.get(polygonId).path("geometry").path("coordinates").get(0);
        assertThat(ring.get(1).toString()).as("counter-clockwise: east along the south edge first").isEqualTo("[20.5,45.4]");
        Gdal.Run info = Gdal.summary(file.toString());
        assertThat(info.featureCount()).isEqualTo(3);
        assertThat(info.output()).contains("WGS 84");
        assertThat(f.get(pointId).path("properties").path("description").asText()).isEqualTo(description);
    }

    @Test
    void csvHasWktAndARepresentativePoint() throws Exception {
        Path csv = download("reports.csv", "?mechanism=" + MECH);
        Gdal.Run info = Gdal.summary(csv.toString(), "-oo", "GEOM_POSSIBLE_NAMES=WKT", "-oo", "KEEP_GEOM_COLUMNS=NO");
        assertThat(info.featureCount()).isEqualTo(3);
        Map<String, JsonNode> f = features(csv.toString());
        JsonNode line = f.get(lineId);
        assertThat(line.path("geometry").path("type").asText()).isEqualTo("LineString");
        double lon = line.path("properties").path("lon").asDouble();
        assertThat(lon).as("the line's point lies on the line").isBetween(20.2, 20.3);
        JsonNode point = f.get(pointId).path("properties");
        assertThat(point.path("description").asText()).isEqualTo(description);
        assertThat(point.path("lat").asDouble()).isEqualTo(45.5);
    }

    @Test
    void csvTextCellsAreNeutralisedForSpreadsheetsAndNumbersAreNot() throws Exception {
        String mechanism = "export-csv-injection";
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        String user = users.create("chair", grant("chair", mechanism));
        Api api = users.signIn(user);
        List<String> formulas = List.of("=HYPERLINK(\"http://x\",\"y\")", "+1", "-cmd", "@SUM(A1)");
        Map<String, String> byId = new HashMap<>();
        for (String text : formulas) {
            Api.Answer answer = api.post("/api/v1/reports", "application/geo+json", ReportJson.valid()
                    .point(-75.1, -4.5).withText("description", text).withText("mechanism", mechanism).json());
            assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
            byId.put(answer.json().path("id").asText(), text);
        }
        Path dir = Files.createDirectories(Path.of("target", "export-it"));
        Path csv = dir.resolve("csv-injection.csv");
        Api.Answer download = new Api(server.getURI()).withBasic(user, TestUsers.PASSWORD)
                .get("/api/v1/exports/reports.csv?mechanism=" + mechanism);
        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        Files.writeString(csv, download.body());

        for (String text : formulas) {
            assertThat(download.body()).contains(",\"'" + text.replace("\"", "\"\"") + "\",");
        }
        assertThat(download.body()).contains(",\"POINT (-75.1 -4.5)\",-75.1,-4.5,").doesNotContain("'-75.1");
        assertThat(Gdal.summary(csv.toString(), "-oo", "GEOM_POSSIBLE_NAMES=WKT", "-oo", "KEEP_GEOM_COLUMNS=NO")
                .featureCount()).isEqualTo(formulas.size());
        Map<String, JsonNode> read = features(csv.toString());
        assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(byId.keySet());
        read.forEach((id, f) -> {
            assertThat(f.path("properties").path("description").asText()).isEqualTo("'" + byId.get(id));
            assertThat(f.path("properties").path("lon").asDouble()).isEqualTo(-75.1);
        });
    }

    @Test
    void filtersApplyAndEveryExportIsAudited() throws Exception {
        long before = Rows.count("SELECT count(*) FROM audit_event WHERE action = 'export.create' AND actor = ?", chairName);
        Path box = download("reports.geojson", "?mechanism=" + MECH + "&bbox=20.35,45.35,20.55,45.55");
        List<String> ids = new ArrayList<>();
        JSON.readTree(box.toFile()).path("features").forEach(x -> ids.add(x.path("id").asText()));
        assertThat(ids).containsExactly(polygonId);
        Path cat = download("reports.csv", "?category=HEAVY_WEAPONS_MOVEMENT&mechanism=" + MECH);
        assertThat(Files.readAllLines(cat)).hasSize(2);
        assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE action = 'export.create' AND actor = ?", chairName))
                .isEqualTo(before + 2);
        assertThat(Rows.text("SELECT details FROM audit_event WHERE action = 'export.create' AND actor = ? ORDER BY seq DESC",
                chairName)).contains("\"format\":\"csv\"").containsPattern("\"filterDigest\":\"[0-9a-f]{64}\"");
    }

    @Test
    void badRequestsAreProblemsNot500s() {
        Api api = new Api(server.getURI()).withBasic(chairName, TestUsers.PASSWORD);
        assertThat(api.get("/api/v1/exports/reports.xls").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/exports/nope.gpkg").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/exports/reports").status()).isEqualTo(404);
        for (String q : List.of("bbox=1,2", "datetime=never", "limit=5", "category=NOPE", "bbox-crs=nope&bbox=1,2,3,4")) {
            Api.Answer answer = api.get("/api/v1/exports/reports.csv?" + q);
            assertThat(answer.status()).as(q + " " + answer.body()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
    }
}

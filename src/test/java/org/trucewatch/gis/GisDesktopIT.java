package org.trucewatch.gis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Exports;
import org.trucewatch.support.Gdal;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.Qgis;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;
import org.trucewatch.zones.ImportZonesCommand;
import org.trucewatch.zones.ZoneService;

/**
 * The layers as a desktop GIS meets them (issue 18): GDAL's OAPIF driver builds a layer's
 * columns and geometry type from its first page, so at page sizes 1 and 3 every per-kind
 * collection must still give every field of the reader's schema and its one geometry type;
 * {@code ogr2ogr} of each per-kind layer to Shapefile and GeoPackage must succeed; the schema
 * is typed and redacted per reader; times are UTC with the monitor's offset beside them.
 * The first reports carry no casualties and the first zones no near-line band, as in the
 * reports that showed the columns vanishing.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GisDesktopIT implements PostgisFixture {
    static final String MECH = "desktop-mech";
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> PER_KIND = List.of("reports-points", "reports-lines", "reports-areas", "incidents-points",
            "incidents-lines", "incidents-areas", "zones-lines", "zones-areas");
    private static final Pattern FIELD = Pattern.compile("(?m)^(\\w+): (String|Integer|Integer64|Real|DateTime|Date)\\b");

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;
    @Inject
    ZoneService zones;

    String chairName;
    String gisName;

    @BeforeAll
    void setUp() {
        TestProtocols.load(mechanisms, MECH);
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        chairName = users.create("chair", grant("chair", MECH));
        gisName = users.create("gis", grant("gis_analyst", MECH));
        Api monitor = users.as("monitor", grant("monitor", MECH));
        // Per kind: two without casualties first, then one with (the column appears only there).
        String[] geometries = {"{\"type\":\"Point\",\"coordinates\":[30.1,10.1]}",
            "{\"type\":\"LineString\",\"coordinates\":[[30.2,10.2],[30.3,10.3]]}",
            "{\"type\":\"Polygon\",\"coordinates\":[[[30.4,10.4],[30.4,10.5],[30.5,10.5],[30.5,10.4],[30.4,10.4]]]}"};
        for (int k = 0; k < geometries.length; k++) {
            String geometry = geometries[k];
            for (int i = 0; i < 3; i++) {
                ReportJson r = ReportJson.valid().geometry(geometry).withText("mechanism", MECH)
                        .withText("category", i == 0 ? "INDIRECT_FIRE" : "SMALL_ARMS_FIRE")
                        .withText("observedAt", "2026-03-0" + (k * 3 + i + 1) + "T10:00:00+02:00");
                if (i == 2) {
                    r = r.with("casualties", "{\"civiliansKilled\":1,\"civiliansInjured\":2}");
                }
                Api.Answer a = monitor.post("/api/v1/reports", "application/geo+json", r.json());
                assertThat(a.status()).as(a.toString()).isEqualTo(201);
            }
        }
        String zoneFile = "{\"type\":\"FeatureCollection\",\"features\":[" + area("desktop-bz1", 31) + "," + area("desktop-bz2", 32)
                + "," + area("desktop-bz3", 33) + ",{\"type\":\"Feature\",\"properties\":{\"code\":\"desktop-line\","
                + "\"type\":\"ceasefire_line\",\"mechanism\":\"" + MECH + "\",\"name\":{\"en\":\"Blue Line\"},"
                + "\"nearLineM\":250,\"validFrom\":\"2020-01-01T00:00:00Z\"},\"geometry\":{\"type\":\"MultiLineString\","
                + "\"coordinates\":[[[31,11],[31.1,11.1]],[[31.2,11.2],[31.3,11.3]]]}}]}";
        zones.importZones(new ImportZonesCommand("desktop.geojson", zoneFile.getBytes(StandardCharsets.UTF_8), null, null,
                false, null, "test"));
    }

    private static String area(String code, int lon) {
        return "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code + "\",\"type\":\"buffer_zone\",\"mechanism\":\""
                + MECH + "\",\"name\":{\"en\":\"Buffer " + code + "\"},\"validFrom\":\"2020-01-01T00:00:00Z\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" + lon + ",10],[" + lon + ".1,10],[" + lon + ".1,10.1],["
                + lon + ",10.1],[" + lon + ",10]]]}}";
    }

    private String url() {
        return "OAPIF:http://127.0.0.1:" + server.getPort() + "/ogc";
    }

    private List<String> auth(String user) {
        return List.of("--config", "GDAL_HTTP_AUTH", "ANY", "--config", "GDAL_HTTP_USERPWD", user + ":" + TestUsers.PASSWORD);
    }

    /** The reader's schema: its property names less id and geometry. */
    private Set<String> schemaFields(String user, String collection) {
        JsonNode schema = new Api(server.getURI()).withBasic(user, TestUsers.PASSWORD)
                .get("/ogc/collections/" + collection + "/schema").json();
        Set<String> names = new LinkedHashSet<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        names.removeAll(Set.of("id", "geometry"));
        return names;
    }

    @ParameterizedTest
    @CsvSource({"reports-points,Point", "reports-lines,Line String", "reports-areas,Polygon",
        "incidents-points,Point", "incidents-lines,Line String", "incidents-areas,Polygon",
        "zones-lines,Multi Line String", "zones-areas,Multi Polygon"})
    void gdalGetsEveryFieldAndOneGeometryTypeAtAnyPageSize(String collection, String geometryType) {
        for (String user : List.of(gisName, chairName)) {
            Set<String> expected = schemaFields(user, collection);
            assertThat(expected).isNotEmpty();
            for (int pageSize : new int[] {1, 3}) {
                List<String> command = new ArrayList<>(List.of("ogrinfo", "-ro", "-so", "-oo", "PAGE_SIZE=" + pageSize));
                command.addAll(auth(user));
                command.addAll(List.of(url(), collection));
                Gdal.Run run = Gdal.run(command).ok();
                Set<String> fields = new LinkedHashSet<>();
                Matcher m = FIELD.matcher(run.output());
                while (m.find()) {
                    fields.add(m.group(1));
                }
                assertThat(fields).as(collection + " as " + user + " at PAGE_SIZE=" + pageSize + ":\n" + run.output())
                        .containsAll(expected);
                assertThat(run.geometryType()).as(collection + " at PAGE_SIZE=" + pageSize).isEqualTo(geometryType);
            }
        }
    }

    @Test
    void theMixedLayersGiveEveryFieldFromTheFirstFeatureToo() {
        for (String collection : List.of("reports", "incidents", "zones")) {
            Set<String> expected = schemaFields(gisName, collection);
            List<String> command = new ArrayList<>(List.of("ogrinfo", "-ro", "-so", "-oo", "PAGE_SIZE=1"));
            command.addAll(auth(gisName));
            command.addAll(List.of(url(), collection));
            String out = Gdal.run(command).ok().output();
            for (String field : expected) {
                assertThat(out).as(collection).containsPattern("(?m)^" + field + ": ");
            }
        }
        assertThat(schemaFields(gisName, "zones")).contains("nearLineM", "validTo");
        assertThat(schemaFields(gisName, "reports")).contains("civiliansKilled", "localOffset");
    }

    @Test
    void ogr2ogrCopiesEveryPerKindLayerToShapefileAndGeoPackage() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("target"), "desktop-ogr2ogr-");
        for (String collection : PER_KIND) {
            long matched = new Api(server.getURI()).withBasic(gisName, TestUsers.PASSWORD)
                    .get("/ogc/collections/" + collection + "/items?limit=1").json().path("numberMatched").asLong();
            assertThat(matched).as(collection).isPositive();
            for (String[] driver : new String[][] {{"ESRI Shapefile", ".shp"}, {"GPKG", ".gpkg"}}) {
                Path out = dir.resolve(collection.replace('-', '_') + driver[1]);
                List<String> command = new ArrayList<>(List.of("ogr2ogr", "-f", driver[0], out.toString()));
                command.addAll(auth(gisName));
                command.addAll(List.of(url(), collection));
                Gdal.run(command).ok();
                assertThat(Gdal.summary(out.toString()).featureCount()).as(collection + " " + driver[0]).isEqualTo(matched);
            }
        }
    }

    /**
     * QGIS 3.22 (Debian's python3-qgis) adds each per-kind collection through its own OAPIF
     * provider, which types the layer from the first page: at page sizes 1 and 3, for an
     * analyst and a chair, every field of the reader's schema is there, the layer has its one
     * geometry type, every feature the service holds for the reader is read, and every one of
     * them is of the layer's type and drawn (src/test/qgis/read_layers.py says how).
     */
    @Test
    void qgisAddsEveryPerKindLayerWithEveryFieldAndDrawsEveryFeature() throws Exception {
        Map<String, String> types = Map.of("reports-points", "Point", "reports-lines", "LineString",
                "reports-areas", "Polygon", "incidents-points", "Point", "incidents-lines", "LineString",
                "incidents-areas", "Polygon", "zones-lines", "MultiLineString", "zones-areas", "MultiPolygon");
        for (String user : List.of(gisName, chairName)) {
            for (String pageSize : List.of("1", "3")) {
                List<JsonNode> layers = Qgis.readLayers("http://127.0.0.1:" + server.getPort() + "/ogc", user,
                        TestUsers.PASSWORD, pageSize, PER_KIND);
                assertThat(layers).hasSize(PER_KIND.size());
                for (JsonNode layer : layers) {
                    String collection = layer.path("collection").asText();
                    String as = collection + " as " + user + " at pageSize " + pageSize + ": " + layer;
                    assertThat(layer.path("valid").asBoolean()).as(as).isTrue();
                    assertThat(layer.path("geometryType").asText()).as(as).isEqualTo(types.get(collection));
                    Set<String> fields = new LinkedHashSet<>();
                    layer.path("fields").forEach(f -> fields.add(f.asText()));
                    assertThat(fields).as(as).containsAll(schemaFields(user, collection));
                    Set<String> ids = new TreeSet<>();
                    new Api(server.getURI()).withBasic(user, TestUsers.PASSWORD)
                            .get("/ogc/collections/" + collection + "/items?limit=1000").json().path("features")
                            .forEach(f -> ids.add(f.path("id").asText()));
                    assertThat(ids).as(collection).isNotEmpty();
                    Set<String> read = new TreeSet<>();
                    layer.path("featureIds").forEach(f -> read.add(f.asText()));
                    assertThat(read).as(as).isEqualTo(ids);
                    assertThat(layer.path("features").asInt()).as(as).isEqualTo(ids.size());
                    assertThat(layer.path("ofLayerType").asInt()).as(as).isEqualTo(ids.size());
                    assertThat(layer.path("drawn").asInt()).as(as).isEqualTo(ids.size());
                    assertThat(layer.path("renderErrors").asInt()).as(as).isZero();
                }
            }
        }
    }

    @Test
    void theSchemaIsTypedLinkedAndCutForTheReader() {
        Api gis = new Api(server.getURI()).withBasic(gisName, TestUsers.PASSWORD);
        Api chair = new Api(server.getURI()).withBasic(chairName, TestUsers.PASSWORD);
        JsonNode collection = gis.get("/ogc/collections/reports-points").json();
        boolean linked = false;
        for (JsonNode l : collection.path("links")) {
            linked |= l.path("rel").asText().equals("describedby") && l.path("type").asText().equals("application/schema+json")
                    && l.path("href").asText().endsWith("/ogc/collections/reports-points/schema");
        }
        assertThat(linked).as(collection.toString()).isTrue();
        Api.Answer answer = gis.get("/ogc/collections/reports-points/schema");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/schema+json");
        JsonNode p = answer.json().path("properties");
        assertThat(p.path("geometry").path("format").asText()).isEqualTo("geometry-point");
        assertThat(p.path("observedAt").path("format").asText()).isEqualTo("date-time");
        assertThat(p.path("civiliansKilled").path("type").asText()).isEqualTo("integer");
        assertThat(p.path("category").path("enum").toString()).contains("INDIRECT_FIRE").doesNotContain("SEXUAL_VIOLENCE");
        assertThat(p.path("category").path("oneOf").toString()).contains("{\"const\":\"INDIRECT_FIRE\",\"title\":\"Indirect fire / shelling\"}");
        assertThat(p.has("sourceIdentity")).as("a GIS analyst may never see a source's identity").isFalse();
        assertThat(p.has("submittedBy")).isFalse();
        JsonNode chairs = chair.get("/ogc/collections/reports-points/schema").json().path("properties");
        assertThat(chairs.has("sourceIdentity") && chairs.has("submittedBy")).isTrue();
        assertThat(chairs.path("category").path("enum").toString()).contains("SEXUAL_VIOLENCE");
        assertThat(gis.get("/ogc/collections/zones-lines/schema").json().path("properties").path("geometry")
                .path("format").asText()).isEqualTo("geometry-multilinestring");
        assertThat(gis.get("/ogc/collections/nope/schema").status()).isEqualTo(404);
    }

    @Test
    void everyFeatureCarriesEveryPropertyAndTimesInUtc() {
        Api gis = new Api(server.getURI()).withBasic(gisName, TestUsers.PASSWORD);
        JsonNode page = gis.get("/ogc/collections/reports-points/items?limit=1").json();
        JsonNode f = page.path("features").get(0);
        Set<String> keys = new LinkedHashSet<>();
        f.path("properties").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyElementsOf(schemaFields(gisName, "reports-points"));
        assertThat(f.path("properties").path("civiliansKilled").isNull()).as("null when empty").isTrue();
        assertThat(f.path("properties").path("observedAt").asText()).isEqualTo("2026-03-01T08:00:00Z");
        assertThat(f.path("properties").path("localOffset").asText()).isEqualTo("+02:00");
        JsonNode zone = gis.get("/ogc/collections/zones-areas/items?limit=1").json().path("features").get(0);
        assertThat(zone.path("properties").has("nearLineM")).isTrue();
        assertThat(zone.path("properties").path("validFrom").asText()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(zone.path("geometry").path("type").asText()).isEqualTo("MultiPolygon");
    }

    @Test
    void perKindExportsHoldOneTableOrFileOfTheirKind() throws IOException {
        Path gpkg = download("reports-lines.gpkg");
        Gdal.Run info = Gdal.summary(gpkg.toString());
        assertThat(info.output()).contains("Layer name: reports_lines").doesNotContain("reports_points");
        assertThat(info.geometryType()).isEqualTo("Line String");
        assertThat(info.featureCount()).isEqualTo(3);
        Gdal.Run validation = Gdal.validateGeoPackage(download("zones.gpkg"));
        assertThat(validation.exit()).as(validation.output()).isZero();
        Path zip = download("zones-areas.shp.zip");
        Gdal.Run shp = Gdal.summary("/vsizip/" + zip + "/zones_areas.shp");
        assertThat(shp.featureCount()).isEqualTo(3);
        // Styled as the web app's map: zones by type (the ceasefire line red), incidents by status.
        String zoneStyles = Gdal.run("ogrinfo", "-ro", "-sql", "SELECT styleQML FROM layer_styles WHERE f_table_name = "
                + "'zones_lines'", download("zones.gpkg").toString()).ok().output();
        assertThat(zoneStyles).contains("attr=\"type\"", "value=\"ceasefire_line\"", "class=\"SimpleLine\"",
                "<prop k=\"line_color\" v=\"214,39,40,255\"/>");
        assertThat(Gdal.run("ogrinfo", "-ro", "-sql", "SELECT styleQML FROM layer_styles", download("incidents.gpkg")
                .toString()).ok().output()).contains("attr=\"status\"", "value=\"received\"");
        Gdal.Run mixed = Gdal.summary(download("zones.gpkg").toString(), "zones_lines");
        assertThat(mixed.geometryType()).isEqualTo("Multi Line String");
    }

    private Path download(String file) throws IOException {
        return Exports.download(server.getURI(), gisName, file, "?mechanism=" + MECH);
    }
}

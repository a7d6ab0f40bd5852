package org.trucewatch.gis.cql2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.admin;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.trucewatch.access.AccessService;
import org.trucewatch.gis.Layer;
import org.trucewatch.gis.LayerRegistry;
import org.trucewatch.support.Api;
import org.trucewatch.support.Gdal;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.TestUsers;

/**
 * OGC API Features Part 3 against real PostGIS: the CQL2 examples of OGC 21-065r2 (Annex B)
 * that apply to these layers, rewritten for the reports layer's properties, each in a
 * mechanism of its own so other tests' reports never match; items and exports give the same
 * ids; invalid filters are 400 with the position; queryables and filters follow the reader's
 * access (a confidential field is unknown to whoever never sees it, reads as null where the
 * reader sees the row redacted, and no filter reaches a row the reader may not see).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Cql2FilterIT implements PostgisFixture {
    static final String MECH = "cql2-filter-mech";
    static final String SOURCE = "Rania Haddad, phone 555-0199";
    static final String IN_MECH = "mechanism='" + MECH + "' AND ";
    /** The examples read as the chair, over r1 to r3 (r4, a sensitive report, is for the access tests). */
    static final String R1_TO_R3 = IN_MECH + "category <> 'SEXUAL_VIOLENCE' AND ";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    LayerRegistry layers;

    String chair;
    String delegateName;
    String mixed;
    String adminName;
    final Map<String, String> ids = new java.util.HashMap<>();

    @BeforeAll
    void setUp() {
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        String monitorName = users.create("monitor", grant("monitor", MECH));
        chair = users.create("chair", grant("chair", MECH));
        delegateName = users.create("delegate", delegate(MECH, "LAF"));
        mixed = users.create("mixed", grant("monitor", MECH), grant("gis_analyst", MECH));
        adminName = users.create("admin", admin());
        Api monitor = users.signIn(monitorName);
        String source = "{\"type\":\"PARTY_COMPLAINT\",\"reliability\":\"C\",\"identity\":\"" + SOURCE + "\"}";
        ids.put("r1", post(monitor, ReportJson.valid().point(35.50, 33.10).withText("category", "SMALL_ARMS_FIRE")
                .withText("observedAt", "2026-01-10T10:00:00Z").withText("description", "shots near the mosque")
                .with("casualties", "{\"civiliansKilled\": 0, \"civiliansInjured\": 2}").with("source", source)
                .with("allegedParties", "[\"LAF\", \"IDF\"]")));
        ids.put("r2", post(monitor, ReportJson.valid().point(35.60, 33.20).withText("category", "INDIRECT_FIRE")
                .withText("observedAt", "2026-01-12T10:00:00+02:00").withText("description", "shelling of the market")
                .with("casualties", "{\"civiliansKilled\": 3}").with("allegedParties", "[\"IDF\"]")));
        ids.put("r3", post(monitor, ReportJson.valid().point(36.50, 34.00).withText("category", "SMALL_ARMS_FIRE")
                .withText("observedAt", "2026-02-01T10:00:00Z").withText("description", "patrol heard bursts")));
        ids.put("r4", post(monitor, ReportJson.valid().point(35.50, 33.10).withText("category", "SEXUAL_VIOLENCE")
                .withText("observedAt", "2026-01-10T12:00:00Z")));
    }

    private String post(Api monitor, ReportJson report) {
        Api.Answer answer = monitor.post("/api/v1/reports", "application/geo+json", report.withText("mechanism", MECH).json());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().path("id").asText();
    }

    private Api basic(String user) {
        return new Api(server.getURI()).withBasic(user, TestUsers.PASSWORD);
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The report keys (r1…r4) of the features in a FeatureCollection. */
    private Set<String> keys(JsonNode collection) {
        Set<String> out = new TreeSet<>();
        collection.path("features").forEach(f -> ids.forEach((k, id) -> {
            if (id.equals(f.path("id").asText())) {
                out.add(k);
            }
        }));
        assertThat(out).as("features of other tests' mechanisms").hasSize(collection.path("features").size());
        return out;
    }

    private Api.Answer items(String user, String layer, String filter, String lang) {
        return basic(user).get("/ogc/collections/" + layer + "/items?limit=1000&filter=" + q(filter)
                + (lang == null ? "" : "&filter-lang=" + lang));
    }

    static Stream<Arguments> examples() {
        return Stream.of(
                // Basic CQL2 (21-065r2 B.1: city='Toronto', floors>5, AND/OR/NOT, IS NULL)
                Arguments.of("category='INDIRECT_FIRE'", Set.of("r2")),
                Arguments.of("civiliansKilled>0", Set.of("r2")),
                Arguments.of("civiliansKilled>=0 AND category='SMALL_ARMS_FIRE'", Set.of("r1")),
                Arguments.of("(civiliansKilled>2 AND category='INDIRECT_FIRE') OR category='SMALL_ARMS_FIRE'",
                        Set.of("r1", "r2", "r3")),
                Arguments.of("NOT (civiliansKilled<1) OR description LIKE 'shots%'", Set.of("r1", "r2")),
                Arguments.of("civiliansKilled IS NULL", Set.of("r3")),
                Arguments.of("NOT (civiliansKilled IS NULL)", Set.of("r1", "r2")),
                Arguments.of("category <> 'SMALL_ARMS_FIRE'", Set.of("r2")),
                // Advanced comparison operators (name LIKE 'Smith%', depth BETWEEN 100.0 and 150.0, IN)
                Arguments.of("description LIKE '%market%'", Set.of("r2")),
                Arguments.of("description NOT LIKE '%market%'", Set.of("r1", "r3")),
                Arguments.of("civiliansInjured BETWEEN 1.0 and 5.0", Set.of("r1")),
                Arguments.of("category IN ('INDIRECT_FIRE','AIRSTRIKE','UNKNOWN')", Set.of("r2")),
                Arguments.of("category NOT IN ('INDIRECT_FIRE')", Set.of("r1", "r3")),
                // Property-property
                Arguments.of("civiliansKilled < civiliansInjured", Set.of("r1")),
                // Spatial functions (S_INTERSECTS(geometry,POINT(36.31 32.28)), S_WITHIN(location,BBOX(…)))
                Arguments.of("S_INTERSECTS(geometry,POINT(35.5 33.1))", Set.of("r1")),
                Arguments.of("S_WITHIN(geometry,BBOX(35.4,33.0,35.7,33.3))", Set.of("r1", "r2")),
                Arguments.of("S_INTERSECTS(geometry,BBOX(35.4,33.0,-100,35.7,33.3,100))", Set.of("r1", "r2")),
                Arguments.of("S_WITHIN(geometry,POLYGON((35.55 33.15,35.65 33.15,35.65 33.25,35.55 33.25,35.55 33.15)))",
                        Set.of("r2")),
                Arguments.of("S_DISJOINT(geometry,BBOX(35.4,33.0,35.7,33.3))", Set.of("r3")),
                // S_DWITHIN (extension): metres on the ground; r2 is about 14.5 km from r1, 0.14 degrees
                Arguments.of("S_DWITHIN(geometry,POINT(35.5 33.1),1)", Set.of("r1")),
                Arguments.of("S_DWITHIN(geometry,POINT(35.5 33.1),10000)", Set.of("r1")),
                Arguments.of("S_DWITHIN(geometry,POINT(35.5 33.1),20000)", Set.of("r1", "r2")),
                // Temporal functions (T_INTERSECTS(built, INTERVAL('..','2015-01-01')), T_BEFORE, T_AFTER, T_DURING)
                Arguments.of("T_INTERSECTS(observedAt, INTERVAL('..','2026-01-11'))", Set.of("r1")),
                Arguments.of("T_BEFORE(observedAt, DATE('2026-01-12'))", Set.of("r1")),
                Arguments.of("T_AFTER(observedAt, DATE('2026-01-12'))", Set.of("r3")),
                Arguments.of("T_INTERSECTS(observedAt, DATE('2026-01-12'))", Set.of("r2")),
                Arguments.of("T_DURING(observedAt, INTERVAL('2026-01-01','2026-01-31'))", Set.of("r1", "r2")),
                Arguments.of("T_EQUALS(observedAt, TIMESTAMP('2026-01-10T10:00:00Z'))", Set.of("r1")),
                Arguments.of("observedAt > TIMESTAMP('2026-01-11T00:00:00Z')", Set.of("r2", "r3")),
                Arguments.of("observedAt = DATE('2026-01-12')", Set.of("r2")),
                // Array functions (A_CONTAINS(layer:ids, ('layers-ca','layers-us')) …), as sets; r3 alleges nobody
                Arguments.of("A_CONTAINS(allegedParties, ('IDF'))", Set.of("r1", "r2")),
                Arguments.of("A_CONTAINS(allegedParties, ('IDF', 'LAF'))", Set.of("r1")),
                Arguments.of("A_CONTAINEDBY(allegedParties, ('IDF', 'UNIFIL'))", Set.of("r2")),
                Arguments.of("A_OVERLAPS(allegedParties, ('LAF', 'UNIFIL'))", Set.of("r1")),
                Arguments.of("A_EQUALS(allegedParties, ('IDF', 'LAF'))", Set.of("r1")),
                Arguments.of("NOT A_CONTAINS(allegedParties, ('LAF'))", Set.of("r2")),
                Arguments.of("allegedParties IS NULL", Set.of("r3")));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void theStandardsExamplesSelectTheRightReports(String filter, Set<String> expected) {
        Api.Answer page = items(chair, "reports", R1_TO_R3 + "(" + filter + ")", null);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(keys(page.json())).isEqualTo(expected);
        assertThat(page.json().path("numberMatched").asInt()).isEqualTo(expected.size());
    }

    static Stream<Arguments> jsonExamples() {
        String mech = "{\"op\":\"=\",\"args\":[{\"property\":\"mechanism\"},\"" + MECH + "\"]},"
                + "{\"op\":\"<>\",\"args\":[{\"property\":\"category\"},\"SEXUAL_VIOLENCE\"]}";
        return Stream.of(
                Arguments.of(mech, "{\"op\":\">\",\"args\":[{\"property\":\"civiliansKilled\"},0]}", Set.of("r2")),
                Arguments.of(mech, "{\"op\":\"in\",\"args\":[{\"property\":\"category\"},[\"INDIRECT_FIRE\",\"X\"]]}",
                        Set.of("r2")),
                Arguments.of(mech, "{\"op\":\"between\",\"args\":[{\"property\":\"civiliansInjured\"},1,5]}", Set.of("r1")),
                Arguments.of(mech, "{\"op\":\"like\",\"args\":[{\"property\":\"description\"},\"%market%\"]}", Set.of("r2")),
                Arguments.of(mech, "{\"op\":\"isNull\",\"args\":[{\"property\":\"civiliansKilled\"}]}", Set.of("r3")),
                Arguments.of(mech, "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},"
                        + "{\"bbox\":[35.4,33.0,35.7,33.3]}]}", Set.of("r1", "r2")),
                Arguments.of(mech, "{\"op\":\"s_within\",\"args\":[{\"property\":\"geometry\"},{\"type\":\"Polygon\","
                        + "\"coordinates\":[[[35.55,33.15],[35.65,33.15],[35.65,33.25],[35.55,33.25],[35.55,33.15]]]}]}",
                        Set.of("r2")),
                Arguments.of(mech, "{\"op\":\"s_dwithin\",\"args\":[{\"property\":\"geometry\"},"
                        + "{\"type\":\"Point\",\"coordinates\":[35.5,33.1]},20000]}", Set.of("r1", "r2")),
                Arguments.of(mech, "{\"op\":\"t_intersects\",\"args\":[{\"property\":\"observedAt\"},"
                        + "{\"interval\":[\"..\",\"2026-01-11\"]}]}", Set.of("r1")),
                Arguments.of(mech, "{\"op\":\"not\",\"args\":[{\"op\":\"t_before\",\"args\":[{\"property\":\"observedAt\"},"
                        + "{\"date\":\"2026-01-12\"}]}]}", Set.of("r2", "r3")),
                Arguments.of(mech, "{\"op\":\"a_containedBy\",\"args\":[{\"property\":\"allegedParties\"},[\"IDF\",\"X\"]]}",
                        Set.of("r2")),
                Arguments.of(mech, "{\"op\":\"a_overlaps\",\"args\":[[\"LAF\"],{\"property\":\"allegedParties\"}]}",
                        Set.of("r1")));
    }

    @ParameterizedTest
    @MethodSource("jsonExamples")
    void cql2JsonSelectsTheSame(String mech, String filter, Set<String> expected) {
        Api.Answer page = items(chair, "reports", "{\"op\":\"and\",\"args\":[" + mech + "," + filter + "]}", "cql2-json");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(keys(page.json())).isEqualTo(expected);
    }

    /** The documented GDAL recipes: the items URL with a filter (GeoJSON driver) and the GeoJSON export. */
    @Test
    void gdalReadsFilteredLayersAsDocumented() {
        String filter = q(R1_TO_R3 + "S_DWITHIN(geometry,POINT(35.5 33.1),20000)");
        String[] auth = {"--config", "GDAL_HTTP_AUTH", "BASIC", "--config", "GDAL_HTTP_USERPWD", chair + ":" + TestUsers.PASSWORD};
        String base = server.getURI().toString();
        assertThat(Gdal.summary(base + "/ogc/collections/reports/items?limit=10000&filter=" + filter, auth).featureCount())
                .isEqualTo(2);
        assertThat(Gdal.summary(base + "/api/v1/exports/reports.geojson?filter=" + filter, auth).featureCount())
                .isEqualTo(2);
    }

    @Test
    void nextLinksKeepTheFilter() {
        Api.Answer first = basic(chair).get("/ogc/collections/reports/items?limit=2&filter="
                + q(R1_TO_R3 + "category IN ('SMALL_ARMS_FIRE','INDIRECT_FIRE')"));
        assertThat(first.json().path("numberMatched").asInt()).isEqualTo(3);
        Set<String> seen = new TreeSet<>(keys(first.json()));
        String next = null;
        for (JsonNode link : first.json().path("links")) {
            if ("next".equals(link.path("rel").asText())) {
                next = link.path("href").asText();
            }
        }
        assertThat(next).contains("filter=");
        Api.Answer second = basic(chair).get(next.substring(next.indexOf("/ogc/")));
        assertThat(second.status()).isEqualTo(200);
        seen.addAll(keys(second.json()));
        assertThat(seen).containsExactly("r1", "r2", "r3");
    }

    @Test
    void filterCrsTakesEpsg4326LatitudeFirstAndPseudoMercator() {
        Api.Answer lat = basic(chair).get("/ogc/collections/reports/items?filter=" + q(R1_TO_R3
                + "S_INTERSECTS(geometry,POINT(33.1 35.5))") + "&filter-crs=" + q("http://www.opengis.net/def/crs/EPSG/0/4326"));
        assertThat(lat.status()).as(lat.body()).isEqualTo(200);
        assertThat(keys(lat.json())).containsExactly("r1");
        Api.Answer mercator = basic(chair).get("/ogc/collections/reports/items?filter=" + q(R1_TO_R3
                + "S_DWITHIN(geometry,POINT(3951841.9 3908584.8),50)") + "&filter-crs=" + q("EPSG:3857"));
        assertThat(mercator.status()).as(mercator.body()).isEqualTo(200);
        assertThat(keys(mercator.json())).containsExactly("r1");
    }

    @Test
    void itemsAndEveryExportGiveTheSameIds() {
        for (String filter : List.of("civiliansKilled IS NULL OR category='INDIRECT_FIRE'",
                "S_DWITHIN(geometry,POINT(35.5 33.1),20000)", "T_AFTER(observedAt, DATE('2026-01-11'))")) {
            Set<String> page = keys(items(chair, "reports", IN_MECH + "(" + filter + ")", null).json());
            Api.Answer file = basic(chair).get("/api/v1/exports/reports.geojson?filter=" + q(IN_MECH + "(" + filter + ")"));
            assertThat(file.status()).as(file.body()).isEqualTo(200);
            assertThat(keys(file.json())).as(filter).isEqualTo(page).isNotEmpty();
            Api.Answer csv = basic(chair).get("/api/v1/exports/reports.csv?filter=" + q(IN_MECH + "(" + filter + ")"));
            assertThat(csv.status()).isEqualTo(200);
            for (String key : List.of("r1", "r2", "r3", "r4")) {
                assertThat(csv.body().contains(ids.get(key))).as(filter + " " + key).isEqualTo(page.contains(key));
            }
        }
    }

    @Test
    void invalidFiltersAre400WithThePosition() {
        record Bad(String filter, String lang, String parameter, Integer position, String pointer) {
        }
        for (Bad bad : List.of(
                new Bad("category = ", null, "filter", 11, null),
                new Bad("category = 'A' AND AND", null, "filter", 19, null),
                new Bad("nosuch = 1", null, "filter", 0, null),
                new Bad("civiliansKilled = 'three'", null, "filter", 18, null),
                new Bad("S_DWITHIN(geometry, POINT(35 33), -1)", null, "filter", 34, null),
                new Bad("S_INTERSECTS(geometry, POINT(35 91))", null, "filter", 23, null),
                new Bad("allegedParties = 'IDF'", null, "filter", 0, null),
                new Bad("A_CONTAINS(allegedParties, (1))", null, "filter", 28, null),
                new Bad("{\"op\":\"=\",\"args\":[{\"property\":\"nosuch\"},1]}", "cql2-json", "filter", null, "/args/0"),
                new Bad("{\"op\":\"=\",\"args\":[", "cql2-json", "filter", 18, null),
                new Bad("category = 'A'", "ecql", "filter-lang", null, null))) {
            String url = "/ogc/collections/reports/items?filter=" + q(bad.filter())
                    + (bad.lang() == null ? "" : "&filter-lang=" + bad.lang());
            for (String path : List.of(url, url.replace("/ogc/collections/reports/items", "/api/v1/exports/reports.geojson"))) {
                Api.Answer answer = basic(chair).get(path);
                assertThat(answer.status()).as(bad + " " + answer.body()).isEqualTo(400);
                assertThat(answer.contentType()).startsWith("application/problem+json");
                JsonNode error = answer.json().path("errors").path(0);
                assertThat(error.path("parameter").asText()).isEqualTo(bad.parameter());
                if (bad.position() != null) {
                    assertThat(error.path("position").asInt(-1)).as(bad.filter()).isEqualTo(bad.position());
                }
                if (bad.pointer() != null) {
                    assertThat(error.path("pointer").asText()).isEqualTo(bad.pointer());
                }
            }
        }
        assertThat(basic(chair).get("/ogc/collections/reports/items?filter-crs=EPSG:9999&filter=TRUE").status())
                .isEqualTo(400);
    }

    @Test
    void queryablesFollowTheReader() {
        Api.Answer forChair = basic(chair).get("/ogc/collections/reports/queryables");
        assertThat(forChair.status()).isEqualTo(200);
        assertThat(forChair.contentType()).startsWith("application/schema+json");
        JsonNode properties = forChair.json().path("properties");
        assertThat(properties.path("geometry").path("format").asText()).isEqualTo("geometry-any");
        assertThat(properties.path("observedAt").path("format").asText()).isEqualTo("date-time");
        assertThat(properties.path("civiliansKilled").path("type").asText()).isEqualTo("integer");
        assertThat(properties.path("allegedParties").path("type").asText()).isEqualTo("array");
        assertThat(properties.path("allegedParties").path("items").path("type").asText()).isEqualTo("string");
        assertThat(properties.has("sourceIdentity")).isTrue();
        assertThat(properties.has("submittedBy")).isTrue();
        for (String reader : List.of(delegateName)) {
            JsonNode theirs = basic(reader).get("/ogc/collections/reports/queryables").json().path("properties");
            assertThat(theirs.has("category")).isTrue();
            assertThat(theirs.has("sourceIdentity")).isFalse();
            assertThat(theirs.has("sourceNotes")).isFalse();
            assertThat(theirs.has("submittedBy")).isFalse();
            JsonNode incidents = basic(reader).get("/ogc/collections/incidents/queryables").json().path("properties");
            assertThat(incidents.has("status")).isTrue();
            assertThat(incidents.has("claimedBy")).isFalse();
        }
        assertThat(basic(chair).get("/ogc/collections/incidents/queryables").json().path("properties").has("claimedBy"))
                .isTrue();
        JsonNode collection = basic(chair).get("/ogc/collections/reports").json();
        assertThat(collection.path("links").toString()).contains("\"rel\":\"http://www.opengis.net/def/rel/ogc/1.0/queryables\"");
        assertThat(basic(chair).get("/ogc/conformance").body())
                .contains("http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
                        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text", "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
                        "http://www.opengis.net/spec/cql2/1.0/conf/array-functions");
        assertThat(basic(chair).get("/ogc/collections/nosuch/queryables").status()).isEqualTo(404);
        assertThat(basic(chair).get("/ogc/api").body()).contains("/collections/{collectionId}/queryables", "filter-lang");
    }

    @Test
    void aRedactedReaderCannotReachAConfidentialFieldNorAHiddenRow() {
        // Unknown to a delegate: the same answer as a property that does not exist.
        JsonNode hidden = items(delegateName, "reports", "sourceIdentity = '" + SOURCE + "'", null).json();
        JsonNode unknown = items(delegateName, "reports", "nosuchfield = '" + SOURCE + "'", null).json();
        assertThat(hidden.path("status").asInt()).isEqualTo(400);
        assertThat(hidden.path("errors").path(0).path("position").asInt()).isEqualTo(0);
        assertThat(hidden.path("detail").asText().replace("sourceIdentity", "X"))
                .isEqualTo(unknown.path("detail").asText().replace("nosuchfield", "X"));
        assertThat(hidden.toString()).doesNotContain(SOURCE.substring(0, 5) + "x");
        Api.Answer export = basic(delegateName).get("/api/v1/exports/reports.csv?filter=" + q("submittedBy IS NOT NULL"));
        assertThat(export.status()).isEqualTo(400);
        // A reader who sees some reports in full and these redacted: the field reads as null on them.
        assertThat(keys(items(mixed, "reports", IN_MECH + "sourceIdentity = '" + SOURCE + "'", null).json())).isEmpty();
        assertThat(keys(items(mixed, "reports", IN_MECH + "sourceIdentity LIKE '%'", null).json())).isEmpty();
        assertThat(keys(items(mixed, "reports", IN_MECH + "sourceIdentity IS NULL", null).json()))
                .containsExactlyInAnyOrder("r1", "r2", "r3");
        assertThat(keys(items(chair, "reports", IN_MECH + "sourceIdentity = '" + SOURCE + "'", null).json()))
                .containsExactly("r1");
        // No filter reaches a row outside the reader's scope: the sensitive report stays hidden.
        for (String filter : List.of("category = 'SEXUAL_VIOLENCE'", "TRUE", "category = 'SEXUAL_VIOLENCE' OR TRUE",
                "NOT (category = 'SMALL_ARMS_FIRE') OR category IS NULL", "S_INTERSECTS(geometry,POINT(35.5 33.1))")) {
            Api.Answer page = items(delegateName, "reports", IN_MECH + "(" + filter + ")", null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).as(filter).doesNotContain(ids.get("r4"));
            Api.Answer file = basic(delegateName).get("/api/v1/exports/reports.geojson?filter=" + q(IN_MECH + "(" + filter + ")"));
            assertThat(file.body()).as(filter).doesNotContain(ids.get("r4"));
        }
        assertThat(keys(items(chair, "reports", IN_MECH + "category = 'SEXUAL_VIOLENCE'", null).json())).containsExactly("r4");
    }

    /** Every queryable of every layer maps to SQL that runs: a filter on each, as the widest readers. */
    @Test
    void everyQueryableOfEveryLayerRuns() {
        List<String> failures = new ArrayList<>();
        for (Layer layer : layers.all()) {
            String reader = layer.id().equals("zones") ? adminName : chair;
            JsonNode properties = basic(reader).get("/ogc/collections/" + layer.id() + "/queryables").json().path("properties");
            assertThat(properties.size()).as(layer.id()).isGreaterThan(3);
            properties.fieldNames().forEachRemaining(name -> {
                String filter = "geometry".equals(name) ? "S_INTERSECTS(geometry, BBOX(-180,-90,180,90))"
                        : "\"" + name + "\" IS NULL OR NOT (\"" + name + "\" IS NULL)";
                Api.Answer page = items(reader, layer.id(), filter, null);
                if (page.status() != 200) {
                    failures.add(layer.id() + "." + name + ": " + page.body());
                }
            });
        }
        assertThat(failures).isEmpty();
    }
}

package org.trucewatch.gis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Gdal;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.TestUsers;

/**
 * OGC API Features as the ETS and GDAL read it: landing page, conformance, collections, paged
 * items with keyset next/prev links, CRS negotiation (Part 2), errors as problem+json, and
 * {@code ogrinfo OAPIF:} reading every feature across several pages with HTTP Basic.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OgcApiIT implements PostgisFixture {
    static final String MECH = "ogc-mech";
    static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    static final String EPSG4326 = "http://www.opengis.net/def/crs/EPSG/0/4326";
    static final String EPSG3857 = "http://www.opengis.net/def/crs/EPSG/0/3857";
    static final int POINTS = 20;

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;

    Api anonymous;
    Api gis;
    Api gisBasic;
    String gisName;
    Api otherGis;
    final List<String> visibleIds = new ArrayList<>();
    String lineId;

    @BeforeAll
    void setUp() {
        anonymous = new Api(server.getURI());
        TestUsers users = new TestUsers(access, anonymous);
        Api monitor = users.as("monitor", grant("monitor", MECH));
        gisName = users.create("gis", grant("gis_analyst", MECH));
        gis = users.signIn(gisName);
        gisBasic = anonymous.withBasic(gisName, TestUsers.PASSWORD);
        otherGis = users.as("gis", grant("gis_analyst", "ogc-other"));
        for (int i = 0; i < POINTS; i++) {
            visibleIds.add(submit(monitor, ReportJson.valid().point(10 + i * 0.01, 40.5)
                    .withText("observedAt", "2026-03-0" + (1 + i % 3) + "T10:00:00+02:00")));
        }
        lineId = submit(monitor, ReportJson.valid().geometry("{\"type\":\"LineString\",\"coordinates\":[[10.5,40.1],[10.6,40.2]]}")
                .withText("category", "HEAVY_WEAPONS_MOVEMENT"));
        visibleIds.add(lineId);
        visibleIds.add(submit(monitor, ReportJson.valid().geometry(
                "{\"type\":\"Polygon\",\"coordinates\":[[[10.7,40.7],[10.8,40.7],[10.8,40.8],[10.7,40.8],[10.7,40.7]]]}")
                .withText("category", "ARMED_PRESENCE")));
        submit(monitor, ReportJson.valid().point(10.9, 40.9).withText("category", "CHILD_RECRUITMENT"));
    }

    private static String submit(Api monitor, ReportJson report) {
        Api.Answer answer = monitor.post("/api/v1/reports", "application/geo+json", report.withText("mechanism", MECH).json());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().path("id").asText();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void theLandingPageIsOpenAndLinksEverythingElse() {
        Api.Answer landing = anonymous.get("/ogc");
        assertThat(landing.status()).isEqualTo(200);
        assertThat(landing.contentType()).startsWith("application/json");
        List<String> rels = new ArrayList<>();
        landing.json().path("links").forEach(l -> rels.add(l.path("rel").asText() + " " + l.path("type").asText()));
        assertThat(rels).contains("self application/json", "service-desc application/vnd.oai.openapi+json;version=3.0",
                "service-doc text/html", "conformance application/json", "data application/json");
    }

    @Test
    void everythingButTheLandingPageNeedsCredentialsAndChallengesForBasic() {
        for (String path : List.of("/ogc/conformance", "/ogc/api", "/ogc/collections", "/ogc/collections/reports/items",
                "/api/v1/exports/reports.csv")) {
            Api.Answer answer = anonymous.get(path);
            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.header("WWW-Authenticate")).as(path).startsWith("Basic realm=\"TruceWatch\"");
        }
        assertThat(anonymous.withBasic(gisName, "wrong password!").get("/ogc/conformance").status()).isEqualTo(401);
        assertThat(gisBasic.get("/ogc/conformance").status()).isEqualTo(200);
    }

    @Test
    void conformanceDeclaresCoreGeoJsonOpenApiAndCrs() {
        JsonNode classes = gisBasic.get("/ogc/conformance").json().path("conformsTo");
        List<String> list = new ArrayList<>();
        classes.forEach(c -> list.add(c.asText()));
        assertThat(list).contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
                "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs");
    }

    @Test
    void theApiDefinitionDescribesTheOgcPaths() {
        Api.Answer api = gisBasic.get("/ogc/api");
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.contentType()).startsWith("application/vnd.oai.openapi+json");
        JsonNode doc = api.json();
        assertThat(doc.path("openapi").asText()).startsWith("3.0");
        assertThat(doc.path("servers").get(0).path("url").asText()).endsWith("/ogc");
        assertThat(doc.path("paths").has("/collections/{collectionId}/items")).isTrue();
        assertThat(doc.path("components").path("parameters").path("limit").path("schema").path("maximum").asInt())
                .isEqualTo(10_000);
        assertThat(gisBasic.get("/ogc/api.html").contentType()).startsWith("text/html");
    }

    @Test
    void theCollectionHasExtentsCrsListAndStorageCrs() {
        JsonNode collections = gisBasic.get("/ogc/collections").json();
        List<String> ids = new ArrayList<>();
        collections.path("collections").forEach(c -> ids.add(c.path("id").asText()));
        assertThat(ids).as("every layer, by id").containsExactly("incidents", "incidents-areas",
                "incidents-lines", "incidents-points", "reports", "reports-areas", "reports-lines", "reports-points", "zones",
                "zones-areas", "zones-lines", "zones-points");
        JsonNode c = gisBasic.get("/ogc/collections/reports").json();
        assertThat(c.path("itemType").asText()).isEqualTo("feature");
        assertThat(c.path("storageCrs").asText()).isEqualTo(CRS84);
        assertThat(c.path("crs").toString()).contains(CRS84, EPSG4326, EPSG3857);
        JsonNode bbox = c.path("extent").path("spatial").path("bbox").get(0);
        assertThat(bbox.get(0).asDouble()).isEqualTo(10.0);
        assertThat(bbox.get(3).asDouble()).as("the sensitive report at 40.9 is not in the analyst's extent").isEqualTo(40.8);
        assertThat(c.path("extent").path("temporal").path("interval").get(0).get(0).asText()).startsWith("2026-03-01T08:00");
        List<String> rels = new ArrayList<>();
        c.path("links").forEach(l -> rels.add(l.path("rel").asText()));
        assertThat(rels).contains("self", "items");
    }

    @Test
    void pagesFollowNextLinksToEveryFeatureOnceAndPrevLeadsBack() {
        Set<String> seen = new HashSet<>();
        List<JsonNode> pages = new ArrayList<>();
        String url = "/ogc/collections/reports/items?limit=5";
        while (url != null) {
            Api.Answer page = gisBasic.get(url);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.contentType()).startsWith("application/geo+json");
            assertThat(page.header("Content-Crs")).isEqualTo("<" + CRS84 + ">");
            JsonNode json = page.json();
            pages.add(json);
            assertThat(json.path("numberMatched").asInt()).isEqualTo(visibleIds.size());
            assertThat(json.path("numberReturned").asInt()).isEqualTo(json.path("features").size()).isLessThanOrEqualTo(5);
            json.path("features").forEach(f -> assertThat(seen.add(f.path("id").asText())).isTrue());
            url = link(json, "next");
            if (url != null) {
                url = url.substring(url.indexOf("/ogc/"));
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(visibleIds);
        assertThat(pages).hasSize((visibleIds.size() + 4) / 5);
        assertThat(link(pages.get(0), "prev")).isNull();
        String prev = link(pages.get(2), "prev");
        JsonNode back = gisBasic.get(prev.substring(prev.indexOf("/ogc/"))).json();
        assertThat(ids(back)).isEqualTo(ids(pages.get(1)));
        assertThat(link(back, "prev")).isNotNull();
    }

    @Test
    void filtersByBboxDatetimeAndProperties() {
        assertThat(ids(gisBasic.get("/ogc/collections/reports/items?bbox=10.65,40.65,10.85,40.85").json())).hasSize(1);
        assertThat(ids(gisBasic.get("/ogc/collections/reports/items?category=HEAVY_WEAPONS_MOVEMENT").json()))
                .containsExactly(lineId);
        assertThat(gisBasic.get("/ogc/collections/reports/items?limit=100&datetime=2026-03-02").json()
                .path("numberMatched").asInt()).isEqualTo(7);
        assertThat(gisBasic.get("/ogc/collections/reports/items?limit=100&datetime=2026-03-02T00:00:00Z/..").json()
                .path("numberMatched").asInt()).as("13 from March 2 and 3, plus the two reports observed today")
                .isEqualTo(15);
        assertThat(gisBasic.get("/ogc/collections/reports/items?datetime=../2026-03-01T23:59:59Z").json()
                .path("numberMatched").asInt()).isEqualTo(7);
        assertThat(gisBasic.get("/ogc/collections/reports/items?mechanism=ogc-other").json()
                .path("numberMatched").asInt()).isZero();
    }

    @Test
    void crsParametersTransformCoordinatesAndSayWhichCrs() {
        String item = "/ogc/collections/reports/items/" + visibleIds.get(0);
        JsonNode lonLat = gisBasic.get(item).json().path("geometry").path("coordinates");
        assertThat(lonLat.get(0).asDouble()).isEqualTo(10.0);
        assertThat(lonLat.get(1).asDouble()).isEqualTo(40.5);
        Api.Answer latLon = gisBasic.get(item + "?crs=" + enc(EPSG4326));
        assertThat(latLon.header("Content-Crs")).isEqualTo("<" + EPSG4326 + ">");
        assertThat(latLon.json().path("geometry").path("coordinates").get(0).asDouble()).isEqualTo(40.5);
        Api.Answer mercator = gisBasic.get(item + "?crs=" + enc(EPSG3857));
        assertThat(mercator.header("Content-Crs")).isEqualTo("<" + EPSG3857 + ">");
        assertThat(mercator.json().path("geometry").path("coordinates").get(0).asDouble()).isCloseTo(1113194.908, within(0.01));
        assertThat(mercator.json().path("geometry").path("coordinates").get(1).asDouble()).isCloseTo(4938869.176, within(0.01));
        // bbox in EPSG:4326 is latitude first; in EPSG:3857 metres.
        assertThat(ids(gisBasic.get("/ogc/collections/reports/items?bbox=40.65,10.65,40.85,10.85&bbox-crs=" + enc(EPSG4326))
                .json())).hasSize(1);
        assertThat(ids(gisBasic.get("/ogc/collections/reports/items?bbox=1180000,4960000,1205000,4990000&bbox-crs="
                + enc(EPSG3857)).json())).hasSize(1);
        Api.Answer page = gisBasic.get("/ogc/collections/reports/items?crs=" + enc(EPSG3857));
        assertThat(page.header("Content-Crs")).isEqualTo("<" + EPSG3857 + ">");
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/ogc/collections/reports/items?limit=0|limit",
            "/ogc/collections/reports/items?limit=ten|limit",
            "/ogc/collections/reports/items?bbox=1,2,3|bbox",
            "/ogc/collections/reports/items?bbox=10,95,11,96|bbox",
            "/ogc/collections/reports/items?datetime=yesterday|datetime",
            "/ogc/collections/reports/items?datetime=2026-03-02/2026-03-01|datetime",
            "/ogc/collections/reports/items?crs=EPSG:31467|crs",
            "/ogc/collections/reports/items?bbox-crs=urn:nope&bbox=1,2,3,4|bbox-crs",
            "/ogc/collections/reports/items?category=NOPE|category",
            "/ogc/collections/reports/items?cursor=***|cursor",
            "/ogc/collections/reports/items?cursor=bjE6bm90LWEtdXVpZA|cursor",
            "/ogc/collections/reports/items?color=red|color",
            "/ogc/collections/reports/items?limit=1&limit=2|limit",
            "/ogc/collections/reports/items/x?crs=nope|crs",
            "/ogc/collections?limit=1|limit",
            "/ogc/conformance?f=xml|f"})
    void badParametersAre400NamingTheParameter(String path, String parameter) {
        Api.Answer answer = gisBasic.get(path);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("errors").get(0).path("parameter").asText()).isEqualTo(parameter);
    }

    @Test
    void headAnswersLikeGetWithoutABody() {
        Api.Answer head = gisBasic.send("HEAD", "/ogc/collections/reports/items?limit=2");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Crs")).isEqualTo("<" + CRS84 + ">");
        assertThat(head.body()).isEmpty();
        assertThat(anonymous.send("HEAD", "/ogc").status()).isEqualTo(200);
    }

    @Test
    void acceptingPlainJsonStillGetsTheFeatures() {
        Api.Answer answer = gisBasic.send(java.net.http.HttpRequest.newBuilder(server.getURI()
                .resolve("/ogc/collections/reports/items?limit=1")).header("Accept", "application/json").GET());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("type").asText()).isEqualTo("FeatureCollection");
    }

    @Test
    void aLimitAboveTheMaximumIsServedAsTheMaximum() {
        Api.Answer answer = gisBasic.get("/ogc/collections/reports/items?limit=20000");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("numberReturned").asInt()).isEqualTo(visibleIds.size());
    }

    @Test
    void unknownCollectionsAndFeaturesAre404AndSoAreOtherMechanismsFeatures() {
        assertThat(gisBasic.get("/ogc/collections/nope").status()).isEqualTo(404);
        assertThat(gisBasic.get("/ogc/collections/nope/items").status()).isEqualTo(404);
        assertThat(gisBasic.get("/ogc/collections/reports/items/not-an-id").status()).isEqualTo(404);
        assertThat(gisBasic.get("/ogc/collections/reports/items/01900000-0000-7000-8000-000000000000").status()).isEqualTo(404);
        Api.Answer foreign = otherGis.get("/ogc/collections/reports/items/" + lineId);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.contentType()).startsWith("application/problem+json");
        JsonNode feature = gis.get("/ogc/collections/reports/items/" + lineId).json();
        assertThat(feature.path("geometry").path("type").asText()).isEqualTo("LineString");
        List<String> rels = new ArrayList<>();
        feature.path("links").forEach(l -> rels.add(l.path("rel").asText()));
        assertThat(rels).contains("self", "collection");
    }

    /**
     * GDAL as QGIS drives it: credentials from its configuration, not the URL (credentials in
     * an {@code OAPIF:http://user:pass@host} URL reach only the URLs GDAL builds itself, not the
     * {@code items} and {@code next} links it follows). With {@code GDAL_HTTP_AUTH=ANY} curl sends
     * them only after a 401 that names a scheme, so this also proves the Basic challenge.
     */
    @Test
    void gdalReadsTheLayerAcrossSeveralPagesWithBasicAuth() {
        String url = "OAPIF:http://127.0.0.1:" + server.getPort() + "/ogc";
        Gdal.Run run = Gdal.run("ogrinfo", "-ro", "-al", "-oo", "PAGE_SIZE=4", "--config", "CPL_DEBUG", "ON",
                "--config", "GDAL_HTTP_AUTH", "ANY", "--config", "GDAL_HTTP_USERPWD", gisName + ":" + TestUsers.PASSWORD,
                url, "reports").ok();
        long features = run.output().lines().filter(l -> l.startsWith("OGRFeature(reports)")).count();
        assertThat(features).as(run.output()).isEqualTo(visibleIds.size());
        long pages = run.output().lines().filter(l -> l.contains("Fetch(") && l.contains("/items?limit=4")).count();
        assertThat(pages).as("page requests with limit=4").isGreaterThanOrEqualTo((visibleIds.size() + 3) / 4);
        assertThat(run.output()).contains("LINESTRING (10.5 40.1,10.6 40.2)");
        for (String id : visibleIds) {
            assertThat(run.output()).contains(id);
        }
    }

    @Test
    void gdalWithoutCredentialsGetsTheLandingPageButNoData() {
        Gdal.Run run = Gdal.run("ogrinfo", "-ro", "-so", "OAPIF:http://127.0.0.1:" + server.getPort() + "/ogc");
        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).contains("401");
    }

    private static String link(JsonNode doc, String rel) {
        for (JsonNode l : doc.path("links")) {
            if (rel.equals(l.path("rel").asText())) {
                return l.path("href").asText();
            }
        }
        return null;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("features").forEach(f -> ids.add(f.path("id").asText()));
        return ids;
    }
}

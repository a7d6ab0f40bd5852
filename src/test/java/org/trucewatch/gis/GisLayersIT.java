package org.trucewatch.gis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.admin;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Gdal;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;
import org.trucewatch.zones.ImportZonesCommand;
import org.trucewatch.zones.ZoneService;

/**
 * The {@code incidents} and {@code zones} layers through OGC API Features, the file exports and
 * GDAL: paging and counts, filters, the incident redaction (a delegate never sees who claimed
 * an incident, nor one of a sensitive category; the chair does, so the checks can fail) and
 * zone visibility by mechanism membership.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GisLayersIT implements PostgisFixture {
    static final String MECH = "layers-mech";
    static final String OTHER = "layers-other";
    static final String GEO = "application/geo+json";
    static final ObjectMapper JSON = new ObjectMapper();
    static final int SINGLES = 5;

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;
    @Inject
    ZoneService zones;

    String chairName;
    String delegateName;
    String gisName;
    String monitorName;
    String otherGisName;
    String adminName;
    /** Incidents a delegate or GIS analyst of MECH sees. */
    final List<String> visibleIncidents = new ArrayList<>();
    String mergedIncident;
    String claimedIncident;
    String sensitiveIncident;

    @BeforeAll
    void setUp() {
        TestProtocols.load(mechanisms, MECH);
        TestProtocols.load(mechanisms, OTHER);
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        monitorName = users.create("monitor", grant("monitor", MECH));
        chairName = users.create("chair", grant("chair", MECH));
        delegateName = users.create("delegate", delegate(MECH, "PARTY-A"));
        gisName = users.create("gis", grant("gis_analyst", MECH));
        otherGisName = users.create("gis", grant("gis_analyst", OTHER));
        adminName = users.create("admin", admin());
        Api monitor = users.signIn(monitorName);
        Api otherMonitor = users.as("monitor", grant("monitor", OTHER));

        for (int i = 0; i < SINGLES; i++) {
            String r = submit(monitor, ReportJson.valid().point(36 + i * 0.5, 34.0)
                    .withText("observedAt", "2026-04-0" + (1 + i) + "T10:00:00Z"));
            visibleIncidents.add(incidentOf(r));
        }
        // One shelling seen twice: one incident, two reports, the larger count.
        String a = submit(monitor, ReportJson.valid().point(35.5000, 33.1000).withText("category", "INDIRECT_FIRE")
                .withText("observedAt", "2026-04-10T05:00:00Z").with("count", "4"));
        String b = submit(monitor, ReportJson.valid().point(35.5100, 33.1050).withText("category", "INDIRECT_FIRE")
                .withText("observedAt", "2026-04-10T05:04:00Z").with("count", "6"));
        mergedIncident = incidentOf(a);
        assertThat(incidentOf(b)).isEqualTo(mergedIncident);
        visibleIncidents.add(mergedIncident);
        sensitiveIncident = incidentOf(submit(monitor, ReportJson.valid().point(38.9, 34.9)
                .withText("category", "SEXUAL_VIOLENCE").withText("observedAt", "2026-04-12T10:00:00Z")));
        submit(otherMonitor, ReportJson.valid().point(36.0, 34.0).withText("observedAt", "2026-04-01T10:00:00Z"));

        claimedIncident = visibleIncidents.get(0);
        Api chair = users.signIn(chairName);
        Api.Answer claim = chair.post("/api/v1/incidents/" + claimedIncident + "/claim", "application/json", "{}");
        assertThat(claim.status()).as(claim.toString()).isEqualTo(200);
        Api.Answer claimSensitive = chair.post("/api/v1/incidents/" + sensitiveIncident + "/claim", "application/json", "{}");
        assertThat(claimSensitive.status()).as(claimSensitive.toString()).isEqualTo(200);

        zones.importZones(new ImportZonesCommand("layers.geojson", zoneFile(MECH, "layers").getBytes(StandardCharsets.UTF_8),
                null, null, false, null, "test"));
        zones.importZones(new ImportZonesCommand("layers-other.geojson", ("{\"type\":\"FeatureCollection\",\"features\":["
                + zone("layers-other-bz", "buffer_zone", OTHER, "Other buffer", "", 60.0, 10.0) + "]}")
                .getBytes(StandardCharsets.UTF_8), null, null, false, null, "test"));
    }

    private static String zoneFile(String mechanism, String prefix) {
        return "{\"type\":\"FeatureCollection\",\"features\":["
                + zone(prefix + "-aor", "area_of_responsibility", mechanism, "Sector West",
                        ",\"team\":\"sector-west\",\"level\":\"tripartite\"", 50.0, 10.0) + ","
                + zone(prefix + "-ca", "cantonment_area", mechanism, "Camp",
                        ",\"party\":\"PARTY-A\",\"securityZoneM\":500,\"informant\":\"secret\"", 51.0, 10.0) + ","
                + zone(prefix + "-old-bz", "buffer_zone", mechanism, "Old buffer",
                        ",\"validTo\":\"2021-01-01T00:00:00Z\"", 52.0, 10.0) + ","
                + "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + prefix + "-line\",\"type\":\"ceasefire_line\","
                + "\"mechanism\":\"" + mechanism + "\",\"name\":{\"en\":\"Blue Line\"},\"nearLineM\":250,"
                + "\"validFrom\":\"2020-01-01T00:00:00Z\"},\"geometry\":{\"type\":\"LineString\","
                + "\"coordinates\":[[53,10],[53.1,10.1]]}}]}";
    }

    private static String zone(String code, String type, String mechanism, String name, String extra, double lon, double lat) {
        return "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code + "\",\"type\":\"" + type + "\",\"mechanism\":\""
                + mechanism + "\",\"name\":{\"en\":\"" + name + "\"},\"validFrom\":\"2020-01-01T00:00:00Z\"" + extra
                + "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" + lon + "," + lat + "],[" + (lon + 0.1) + ","
                + lat + "],[" + (lon + 0.1) + "," + (lat + 0.1) + "],[" + lon + "," + (lat + 0.1) + "],[" + lon + "," + lat
                + "]]]}}";
    }

    private static String submit(Api monitor, ReportJson report) {
        Api.Answer a = monitor.post("/api/v1/reports", GEO, report.json());
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().path("id").asText();
    }

    private static String incidentOf(String reportId) {
        String id = Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?", UUID.fromString(reportId));
        assertThat(id).as("report " + reportId + " opened or joined an incident").isNotNull();
        return id;
    }

    private Api basic(String user) {
        return new Api(server.getURI()).withBasic(user, TestUsers.PASSWORD);
    }

    /** Every feature id reached from {@code first} through next links, checking each page's count. */
    private List<String> walk(Api api, String first, long matched, int limit) {
        List<String> seen = new ArrayList<>();
        String url = first;
        int pages = 0;
        while (url != null) {
            Api.Answer page = api.get(url);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            JsonNode json = page.json();
            assertThat(json.path("numberMatched").asLong()).isEqualTo(matched);
            assertThat(json.path("numberReturned").asInt()).isEqualTo(json.path("features").size()).isLessThanOrEqualTo(limit);
            json.path("features").forEach(f -> seen.add(f.path("id").asText()));
            url = link(json, "next");
            if (url != null) {
                url = url.substring(url.indexOf("/ogc/"));
            }
            assertThat(++pages).as("pages").isLessThan(100);
        }
        assertThat(new HashSet<>(seen)).as("each feature once").hasSize(seen.size());
        return seen;
    }

    @Test
    void incidentsArePagedWithNumberMatchedAndCarryTheirAttributes() {
        Api gis = basic(gisName);
        assertThat(walk(gis, "/ogc/collections/incidents/items?limit=2&mechanism=" + MECH, visibleIncidents.size(), 2))
                .containsExactlyInAnyOrderElementsOf(visibleIncidents);
        assertThat(walk(basic(chairName), "/ogc/collections/incidents/items?limit=3", visibleIncidents.size() + 1, 3))
                .as("the chair also sees the sensitive incident; nobody sees the other mechanism's")
                .containsExactlyInAnyOrderElementsOf(concat(visibleIncidents, sensitiveIncident));
        JsonNode merged = gis.get("/ogc/collections/incidents/items/" + mergedIncident).json();
        JsonNode p = merged.path("properties");
        assertThat(merged.path("geometry").path("type").asText()).isEqualTo("Point");
        assertThat(p.path("mechanism").asText()).isEqualTo(MECH);
        assertThat(p.path("queue").asText()).isEqualTo(MECH + ".triage");
        assertThat(p.path("category").asText()).isEqualTo("INDIRECT_FIRE");
        assertThat(p.path("reports").asInt()).isEqualTo(2);
        assertThat(p.path("eventCount").asInt()).as("the largest count, not 4+6").isEqualTo(6);
        assertThat(p.path("observedAt").asText()).startsWith("2026-04-10T05:00");
        assertThat(p.has("status") && p.has("severity") && p.has("createdAt") && p.has("overdue")).as(p.toString()).isTrue();
        assertThat(p.has("claimedBy")).isFalse();
    }

    @Test
    void incidentsFilterByPropertiesDatetimeAndBbox() {
        Api gis = basic(gisName);
        assertThat(ids(gis.get("/ogc/collections/incidents/items?category=INDIRECT_FIRE").json())).containsExactly(mergedIncident);
        assertThat(count(gis, "/ogc/collections/incidents/items?status=received,triaged,under_verification"))
                .isEqualTo(visibleIncidents.size());
        assertThat(count(gis, "/ogc/collections/incidents/items?finding=no_violation")).isZero();
        assertThat(count(gis, "/ogc/collections/incidents/items?mechanism=" + OTHER)).isZero();
        assertThat(count(gis, "/ogc/collections/incidents/items?datetime=2026-04-02")).isEqualTo(1);
        assertThat(count(gis, "/ogc/collections/incidents/items?datetime=2026-04-03T00:00:00Z/..")).isEqualTo(4);
        assertThat(count(gis, "/ogc/collections/incidents/items?bbox=35.4,33,35.6,33.2")).isEqualTo(1);
        JsonNode collection = gis.get("/ogc/collections/incidents").json();
        assertThat(collection.path("extent").path("spatial").path("bbox").get(0).get(3).asDouble())
                .as("the sensitive incident at 34.9 is not in the analyst's extent").isEqualTo(34.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/ogc/collections/incidents/items?status=open|status",
            "/ogc/collections/incidents/items?finding=guilty|finding",
            "/ogc/collections/incidents/items?category=NOPE|category",
            "/ogc/collections/incidents/items?cursor=bjE6bm90LWEtdXVpZA|cursor",
            "/ogc/collections/incidents/items?team=x|team",
            "/ogc/collections/zones/items?type=moat|type",
            "/ogc/collections/zones/items?cursor=bjE6bm90LWEtdXVpZA|cursor",
            "/ogc/collections/zones/items?cursor=bjE6eEB5|cursor",
            "/ogc/collections/zones/items?datetime=2026-13-01|datetime",
            "/ogc/collections/zones/items?category=SMALL_ARMS_FIRE|category"})
    void badParametersAre400NamingTheParameter(String path, String parameter) {
        Api.Answer answer = basic(gisName).get(path);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().path("errors").get(0).path("parameter").asText()).isEqualTo(parameter);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // A NUL in a filter, or a cursor this service did not issue, is refused.
            "/ogc/collections/incidents/items?mechanism=%00|400",
            "/ogc/collections/incidents/items?mechanism=a%00b,c|400",
            "/ogc/collections/zones/items?mechanism=%00|400",
            "/ogc/collections/zones/items?type=%00|400",
            "/ogc/collections/zones/items?cursor=bjE6YQBiQDE|400",
            "/api/v1/exports/zones.csv?mechanism=%00|400",
            "/api/v1/exports/incidents.geojson?mechanism=%00|400",
            "/ogc/collections/reports/items?mechanism=%00|400",
            // A NUL in a feature id is an id no feature has.
            "/ogc/collections/zones/items/a%00b@1|404",
            "/ogc/collections/incidents/items/%00|404",
            // Extreme but valid: whole time ranges, world boxes, the antimeridian, another CRS, several types.
            "/ogc/collections/zones/items?datetime=0001-01-01T00:00:00Z/9999-12-31T23:59:59Z|200",
            "/ogc/collections/incidents/items?datetime=0001-01-01T00:00:00Z/9999-12-31T23:59:59Z|200",
            "/ogc/collections/zones/items?bbox=-180,-90,180,90&crs=http://www.opengis.net/def/crs/EPSG/0/3857|200",
            "/ogc/collections/incidents/items?bbox=170,-90,-170,90&crs=http://www.opengis.net/def/crs/EPSG/0/4326|200",
            "/ogc/collections/zones/items/layers-line@1?crs=http://www.opengis.net/def/crs/EPSG/0/3857|200",
            "/api/v1/exports/zones.kml?type=ceasefire_line,area_of_responsibility|200",
            "/api/v1/exports/incidents.csv?status=closed&finding=no_violation|200"})
    void hostileOrOddInputsGetTheirOwnAnswerNeverA500(String path, int status) {
        Api.Answer answer = basic(gisName).get(path);
        assertThat(answer.status()).as(path + " " + answer.body()).isEqualTo(status);
    }

    @Test
    void unknownOrForeignFeaturesAre404() {
        Api gis = basic(gisName);
        for (String path : List.of("/ogc/collections/incidents/items/not-an-id",
                "/ogc/collections/incidents/items/" + sensitiveIncident,
                "/ogc/collections/zones/items/layers-aor", "/ogc/collections/zones/items/layers-aor@x",
                "/ogc/collections/zones/items/layers-aor@99999999999", "/ogc/collections/zones/items/@1",
                "/ogc/collections/zones/items/layers-other-bz@1")) {
            Api.Answer answer = gis.get(path);
            assertThat(answer.status()).as(path + " " + answer.body()).isEqualTo(404);
        }
        assertThat(basic(otherGisName).get("/ogc/collections/incidents/items/" + mergedIncident).status()).isEqualTo(404);
        assertThat(basic(otherGisName).get("/ogc/collections/zones/items/layers-aor@1").status()).isEqualTo(404);
    }

    @Test
    void aDelegateNeverSeesWhoClaimedAnIncidentNorASensitiveOne() throws Exception {
        Api chair = basic(chairName);
        JsonNode full = chair.get("/ogc/collections/incidents/items/" + claimedIncident).json();
        assertThat(full.path("properties").path("claimedBy").asText()).isEqualTo(chairName);
        assertThat(chair.get("/ogc/collections/incidents/items/" + sensitiveIncident).status()).isEqualTo(200);

        for (String reader : List.of(delegateName, gisName)) {
            Api api = basic(reader);
            Api.Answer page = api.get("/ogc/collections/incidents/items?limit=100");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains(claimedIncident).doesNotContain(sensitiveIncident)
                    .doesNotContain(chairName).doesNotContain("claimedBy").doesNotContain("assignedTo");
            Api.Answer one = api.get("/ogc/collections/incidents/items/" + claimedIncident);
            assertThat(one.status()).isEqualTo(200);
            assertThat(one.body()).doesNotContain(chairName).doesNotContain("claimedBy");
            assertThat(api.get("/ogc/collections/incidents/items/" + sensitiveIncident).status()).isEqualTo(404);
        }
        for (String file : List.of("incidents.geojson", "incidents.csv")) {
            String delegateView = Files.readString(download(delegateName, file, ""), StandardCharsets.UTF_8);
            assertThat(delegateView).contains(claimedIncident).doesNotContain(sensitiveIncident).doesNotContain(chairName)
                    .doesNotContain("claimedBy").doesNotContain("assignedTo");
            String chairView = Files.readString(download(chairName, file, ""), StandardCharsets.UTF_8);
            assertThat(chairView).contains(claimedIncident, sensitiveIncident, chairName, "claimedBy");
        }
    }

    @Test
    void incidentExportsAreReadableInEveryFormat() throws Exception {
        for (String file : List.of("incidents.gpkg", "incidents.kml", "incidents.geojson", "incidents.csv")) {
            String json = Gdal.toGeoJson(download(gisName, file, "").toString());
            assertThat(JSON.readTree(json).path("features").size()).as(file).isEqualTo(visibleIncidents.size());
        }
        Path gpkg = download(gisName, "incidents.gpkg", "");
        Gdal.Run validation = Gdal.validateGeoPackage(gpkg);
        assertThat(validation.exit()).as(validation.output()).isZero();
        Path zip = download(gisName, "incidents.shp.zip", "");
        String dbf = Gdal.summary("/vsizip/" + zip + "/incidents_points.shp").output();
        assertThat(dbf).contains("find_party", "parties", "zones", "evt_count", "created_at",
                "Feature Count: " + visibleIncidents.size());
    }

    @Test
    void zonesValidNowOfTheCallersMechanismsArePaged() {
        Set<String> now = Set.of("layers-aor@1", "layers-ca@1", "layers-line@1");
        List<String> mine = walk(basic(gisName), "/ogc/collections/zones/items?limit=1", 4, 1);
        assertThat(mine).containsAll(now).hasSize(4).doesNotContain("layers-old-bz@1", "layers-other-bz@1");
        assertThat(mine).anyMatch(id -> !now.contains(id) && id.endsWith("@1")).as("the derived security zone");
        assertThat(walk(basic(monitorName), "/ogc/collections/zones/items?limit=3", 4, 3))
                .as("members of any role see their mechanism's zones").containsExactlyInAnyOrderElementsOf(mine);
        assertThat(walk(basic(otherGisName), "/ogc/collections/zones/items", 1, 10)).containsExactly("layers-other-bz@1");
        assertThat(walk(basic(adminName), "/ogc/collections/zones/items?limit=10000&mechanism=" + MECH + "," + OTHER, 5,
                10_000)).containsAll(mine).contains("layers-other-bz@1");
    }

    @Test
    void zonesCarryTheirTypeSpecificPropertiesAndNothingConfidential() {
        Api gis = basic(gisName);
        JsonNode aor = gis.get("/ogc/collections/zones/items/layers-aor@1").json().path("properties");
        assertThat(aor.path("type").asText()).isEqualTo("area_of_responsibility");
        assertThat(aor.path("name").asText()).isEqualTo("Sector West");
        assertThat(aor.path("team").asText()).isEqualTo("sector-west");
        assertThat(aor.path("level").asText()).isEqualTo("tripartite");
        assertThat(aor.path("version").asInt()).isEqualTo(1);
        assertThat(aor.path("validFrom").asText()).startsWith("2020-01-01T00:00");
        Api.Answer ca = gis.get("/ogc/collections/zones/items/layers-ca@1");
        assertThat(ca.json().path("properties").path("party").asText()).isEqualTo("PARTY-A");
        assertThat(ca.json().path("properties").path("securityZoneM").asDouble()).isEqualTo(500.0);
        assertThat(ca.body()).doesNotContain("informant").doesNotContain("secret").doesNotContain("recorded");
        JsonNode line = gis.get("/ogc/collections/zones/items/layers-line@1").json();
        assertThat(line.path("geometry").path("type").asText()).isEqualTo("LineString");
        assertThat(line.path("properties").path("nearLineM").asDouble()).isEqualTo(250.0);
    }

    @Test
    void zonesFilterByTypeDatetimeAndBbox() {
        Api gis = basic(gisName);
        assertThat(ids(gis.get("/ogc/collections/zones/items?type=area_of_responsibility").json()))
                .containsExactly("layers-aor@1");
        assertThat(count(gis, "/ogc/collections/zones/items?type=buffer_zone")).as("expired in 2021").isZero();
        assertThat(ids(gis.get("/ogc/collections/zones/items?type=buffer_zone&datetime=2020-06-01T00:00:00Z").json()))
                .containsExactly("layers-old-bz@1");
        assertThat(ids(gis.get("/ogc/collections/zones/items?type=buffer_zone&datetime=2020-06-01/..").json()))
                .containsExactly("layers-old-bz@1");
        assertThat(count(gis, "/ogc/collections/zones/items?datetime=2019-01-01T00:00:00Z")).isZero();
        assertThat(count(gis, "/ogc/collections/zones/items?datetime=2021-01-01T00:00:00Z&type=buffer_zone"))
                .as("validTo is exclusive").isZero();
        assertThat(ids(gis.get("/ogc/collections/zones/items?bbox=49.9,9.9,50.05,10.05").json()))
                .containsExactly("layers-aor@1");
        JsonNode collection = gis.get("/ogc/collections/zones").json();
        assertThat(collection.path("extent").path("temporal").path("interval").get(0).get(1).isNull())
                .as("zones valid until further notice: open end").isTrue();
    }

    @Test
    void aZoneGeoPackagePassesTheValidator() throws Exception {
        Path gpkg = download(gisName, "zones.gpkg", "");
        Gdal.Run validation = Gdal.validateGeoPackage(gpkg);
        assertThat(validation.exit()).as(validation.output()).isZero();
        JsonNode features = JSON.readTree(Gdal.toGeoJson(gpkg.toString())).path("features");
        assertThat(features.size()).isEqualTo(4);
        Set<String> codes = new LinkedHashSet<>();
        features.forEach(f -> codes.add(f.path("properties").path("code").asText()));
        assertThat(codes).contains("layers-aor", "layers-ca", "layers-line");
        Path zip = download(gisName, "zones.shp.zip", "?type=ceasefire_line");
        assertThat(Gdal.summary("/vsizip/" + zip + "/zones_lines.shp").output()).contains("near_line", "Feature Count: 1");
    }

    @Test
    void gdalListsTheNewCollectionsAndReadsIncidentsAcrossPages() {
        String url = "OAPIF:http://127.0.0.1:" + server.getPort() + "/ogc";
        Gdal.Run list = Gdal.run("ogrinfo", "-ro", "-so", "--config", "GDAL_HTTP_AUTH", "ANY", "--config",
                "GDAL_HTTP_USERPWD", gisName + ":" + TestUsers.PASSWORD, url).ok();
        assertThat(list.output()).contains("incidents", "reports", "zones");
        Gdal.Run run = Gdal.run("ogrinfo", "-ro", "-al", "-oo", "PAGE_SIZE=2", "--config", "GDAL_HTTP_AUTH", "ANY",
                "--config", "GDAL_HTTP_USERPWD", gisName + ":" + TestUsers.PASSWORD, url, "incidents").ok();
        assertThat(run.output().lines().filter(l -> l.startsWith("OGRFeature(incidents)")).count()).as(run.output())
                .isEqualTo(visibleIncidents.size());
        Gdal.Run zonesRun = Gdal.run("ogrinfo", "-ro", "-al", "--config", "GDAL_HTTP_AUTH", "ANY",
                "--config", "GDAL_HTTP_USERPWD", gisName + ":" + TestUsers.PASSWORD, url, "zones").ok();
        assertThat(zonesRun.output().lines().filter(l -> l.startsWith("OGRFeature(zones)")).count()).as(zonesRun.output())
                .isEqualTo(4);
    }

    private Path download(String user, String file, String query) throws IOException, InterruptedException {
        Path target = Files.createTempDirectory("gis-layers-").resolve(file);
        HttpResponse<Path> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        server.getURI().resolve("/api/v1/exports/" + file + query))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8))).GET().build(),
                HttpResponse.BodyHandlers.ofFile(target));
        if (response.statusCode() != 200) {
            throw new AssertionError(file + ": " + response.statusCode() + " " + Files.readString(target));
        }
        return target;
    }

    private static long count(Api api, String path) {
        Api.Answer answer = api.get(path);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().path("numberMatched").asLong();
    }

    private static List<String> concat(List<String> list, String one) {
        List<String> all = new ArrayList<>(list);
        all.add(one);
        return all;
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

package org.trucewatch.gis.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;

/**
 * {@code GET /api/v1/map/incidents}: the server's clusters hold exactly the incidents an
 * independent SQL count over the incident table gives for the same filters, one feature per
 * non-empty grid cell as PostGIS places them, single incidents where a cell holds one; a party
 * delegate never meets an incident the policy hides from them (a sensitive category), not even
 * as a count; bad parameters are 400 naming the parameter.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MapIncidentsIT implements PostgisFixture {
    static final String MECH = "map-volume-it";
    /** A box around every report of this test (and nothing of any other test's). */
    static final String BOX = "9.9,19.9,10.5,20.4";
    static final String OF_MECH = "FROM incident WHERE mechanism_code = '" + MECH + "' AND status <> 'merged'";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;

    Api chair;
    Api delegateApi;
    String sensitive;
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    void setUp() {
        TestProtocols.load(mechanisms, MECH);
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        Api monitor = users.as("map-monitor", grant("monitor", MECH));
        chair = users.as("map-chair", grant("chair", MECH));
        delegateApi = users.as("map-delegate", delegate(MECH, "PARTY-A"));
        String[] categories = {"SMALL_ARMS_FIRE", "INDIRECT_FIRE", "ARMED_PRESENCE"};
        // 4 × 3 reports about 5 km apart (never one another's duplicates), half recent, half 100 days old.
        for (int i = 0; i < 12; i++) {
            Instant observed = now.minus(i % 2 == 0 ? 10 : 100, ChronoUnit.DAYS);
            Api.Answer a = monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid()
                    .point(10.0 + (i % 4) * 0.1, 20.0 + (i / 4) * 0.1).withText("mechanism", MECH)
                    .withText("category", categories[i % 3]).withText("observedAt", observed.toString()).json());
            assertThat(a.status()).as(a.toString()).isEqualTo(201);
        }
        Api.Answer s = monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid().point(10.45, 20.35)
                .withText("mechanism", MECH).withText("category", "SEXUAL_VIOLENCE")
                .withText("observedAt", now.minus(3, ChronoUnit.DAYS).toString()).json());
        assertThat(s.status()).as(s.toString()).isEqualTo(201);
        sensitive = Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?::uuid", s.json().path("id").asText());
        assertThat(Rows.count("SELECT count(*) " + OF_MECH)).isEqualTo(13);
    }

    private JsonNode map(Api api, String query) {
        Api.Answer a = api.get("/api/v1/map/incidents?" + query);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/geo+json");
        return a.json();
    }

    private static long sum(JsonNode fc) {
        return StreamSupport.stream(fc.path("features").spliterator(), false).mapToLong(f -> f.path("properties")
                .path("count").asLong()).sum();
    }

    private static Set<String> ids(JsonNode fc) {
        Set<String> ids = new TreeSet<>();
        fc.path("features").forEach(f -> {
            if (f.has("id")) {
                ids.add(f.path("id").asText());
            }
        });
        return ids;
    }

    @Test
    void zoomedOutOneClusterHoldsEveryIncidentWithItsCountsByStatusAndHighestSeverity() {
        JsonNode fc = map(chair, "bbox=" + BOX + "&zoom=3");
        assertThat(fc.path("features")).hasSize(1);
        JsonNode p = fc.path("features").get(0).path("properties");
        assertThat(p.path("count").asLong()).isEqualTo(Rows.count("SELECT count(*) " + OF_MECH)).isEqualTo(13);
        assertThat(fc.path("numberMatched").asLong()).isEqualTo(13);
        assertThat(p.path("maxSeverity").asLong()).isEqualTo(Rows.count("SELECT max(severity) " + OF_MECH));
        assertThat(p.path("statuses").path("received").asLong()).isEqualTo(
                Rows.count("SELECT count(*) " + OF_MECH + " AND status = 'received'"));
        // The cluster sits at the incidents' mean position in Web Mercator, as PostGIS computes it.
        JsonNode xy = fc.path("features").get(0).path("geometry").path("coordinates");
        assertThat(Rows.text("SELECT round(ST_X(c)::numeric, 5) || ' ' || round(ST_Y(c)::numeric, 5) FROM (SELECT "
                + "ST_Transform(ST_SetSRID(ST_MakePoint(avg(ST_X(ST_Transform(geom, 3857))), avg(ST_Y(ST_Transform(geom, "
                + "3857)))), 3857), 4326) AS c " + OF_MECH + ") x"))
                .isEqualTo(String.format("%.5f %.5f", xy.get(0).asDouble(), xy.get(1).asDouble()));
    }

    @ParameterizedTest
    @CsvSource({"7", "9.5", "11"})
    void oneFeaturePerNonEmptyCellOfTheGridAndTheCountsAddUp(double zoom) {
        JsonNode fc = map(chair, "bbox=" + BOX + "&zoom=" + zoom);
        double cell = 2 * Math.PI * 6378137 / (256 * Math.pow(2, zoom)) * 48;
        long cells = Rows.count("SELECT count(DISTINCT (floor(ST_X(p) / ?), floor(ST_Y(p) / ?))) FROM (SELECT "
                + "ST_Transform(geom, 3857) AS p " + OF_MECH + ") x", cell, cell);
        assertThat(fc.path("features")).hasSize((int) cells);
        assertThat(sum(fc)).isEqualTo(13);
        assertThat(fc.path("cellMetres").asDouble()).isCloseTo(cell, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void zoomedInEveryIncidentIsItselfWithItsFields() {
        JsonNode fc = map(chair, "bbox=" + BOX + "&zoom=14");
        assertThat(fc.path("features")).hasSize(13);
        List<String> expected = new ArrayList<>();
        Rows.text("SELECT string_agg(id::text, ',' ORDER BY id) " + OF_MECH).lines().forEach(l -> expected.addAll(List.of(l.split(","))));
        assertThat(ids(fc)).containsExactlyElementsOf(new TreeSet<>(expected));
        JsonNode one = fc.path("features").get(0);
        String id = one.path("id").asText();
        assertThat(one.path("properties").path("category").asText()
                + " " + one.path("properties").path("status").asText() + " " + one.path("properties").path("severity").asInt())
                .isEqualTo(Rows.text("SELECT concat_ws(' ', category, status, severity) FROM incident WHERE id = ?::uuid", id));
    }

    @Test
    void aDelegateNeverMeetsAnIncidentThePolicyHidesNotEvenAsACount() {
        long visible = Rows.count("SELECT count(*) " + OF_MECH + " AND category <> 'SEXUAL_VIOLENCE'");
        assertThat(visible).isEqualTo(12);
        assertThat(sum(map(delegateApi, "bbox=" + BOX + "&zoom=3"))).isEqualTo(visible);
        assertThat(sum(map(delegateApi, "bbox=" + BOX + "&zoom=3&view=heat"))).isEqualTo(visible);
        JsonNode near = map(delegateApi, "bbox=" + BOX + "&zoom=14");
        assertThat(ids(near)).hasSize(12).doesNotContain(sensitive);
        // The chair sees it, so this check can fail.
        assertThat(ids(map(chair, "bbox=" + BOX + "&zoom=14"))).contains(sensitive);
        // The delegate may not even name the sensitive category.
        Api.Answer named = delegateApi.get("/api/v1/map/incidents?bbox=" + BOX + "&zoom=3&category=SEXUAL_VIOLENCE");
        assertThat(named.status()).isEqualTo(400);
        assertThat(named.json().path("errors").get(0).path("parameter").asText()).isEqualTo("category");
    }

    @Test
    void filtersMatchAnIndependentCount() {
        String recent = now.minus(30, ChronoUnit.DAYS) + "/" + now;
        assertThat(sum(map(chair, "bbox=" + BOX + "&zoom=3&datetime=" + recent))).isEqualTo(
                Rows.count("SELECT count(*) " + OF_MECH + " AND observed_at >= now() - interval '30 days'")).isEqualTo(7);
        assertThat(sum(map(chair, "bbox=" + BOX + "&zoom=3&category=INDIRECT_FIRE,ARMED_PRESENCE"))).isEqualTo(
                Rows.count("SELECT count(*) " + OF_MECH + " AND category IN ('INDIRECT_FIRE', 'ARMED_PRESENCE')")).isEqualTo(8);
        long severe = Rows.count("SELECT count(*) " + OF_MECH + " AND severity >= 4");
        assertThat(sum(map(chair, "bbox=" + BOX + "&zoom=3&severity=4,5"))).isEqualTo(severe);
        assertThat(sum(map(chair, "bbox=" + BOX + "&zoom=3&status=received"))).isEqualTo(
                Rows.count("SELECT count(*) " + OF_MECH + " AND status = 'received'"));
        assertThat(sum(map(chair, "bbox=" + BOX + "&zoom=3&status=closed"))).isZero();
        assertThat(sum(map(chair, "bbox=" + BOX + "&zoom=3&party=PARTY-A"))).isEqualTo(
                Rows.count("SELECT count(*) " + OF_MECH + " AND finding_party = 'PARTY-A'"));
        // Half the box: the western two columns of reports (10.0 and 10.1).
        assertThat(sum(map(chair, "bbox=9.9,19.9,10.15,20.4&zoom=3"))).isEqualTo(6);
        // A box across the antimeridian (west edge east of the east edge) is two boxes: 170°E…180° and −180°…10.15°E.
        assertThat(sum(map(chair, "bbox=170,19.9,10.15,20.4&zoom=3"))).isEqualTo(6);
        assertThat(sum(map(chair, "bbox=10.35,19.9,9.95,20.4&zoom=3"))).isEqualTo(Rows.count("SELECT count(*) " + OF_MECH
                + " AND NOT ST_X(geom) BETWEEN 9.95 AND 10.35"));
        assertThat(sum(map(chair, "bbox=" + BOX + "&zoom=3&mechanism=" + MECH))).isEqualTo(13);
        assertThat(sum(map(chair, "bbox=" + BOX + "&zoom=3&mechanism=no-such-mechanism"))).isZero();
    }

    @Test
    void theHeatMapIsTheGridsSquaresWithTheirCounts() {
        JsonNode fc = map(chair, "bbox=" + BOX + "&zoom=9&view=heat");
        assertThat(fc.path("view").asText()).isEqualTo("heat");
        assertThat(sum(fc)).isEqualTo(13);
        JsonNode ring = fc.path("features").get(0).path("geometry").path("coordinates").get(0);
        assertThat(fc.path("features").get(0).path("geometry").path("type").asText()).isEqualTo("Polygon");
        assertThat(ring).hasSize(5);
        assertThat(ring.get(0)).isEqualTo(ring.get(4));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "zoom=3|bbox",
        "bbox=" + BOX + "|zoom",
        "bbox=" + BOX + "&zoom=25|zoom",
        "bbox=" + BOX + "&zoom=x|zoom",
        "bbox=1,2,3|bbox",
        "bbox=9,91,10,92&zoom=3|bbox",
        "bbox=" + BOX + "&zoom=3&severity=9|severity",
        "bbox=" + BOX + "&zoom=3&status=lost|status",
        "bbox=" + BOX + "&zoom=3&view=pie|view",
        "bbox=" + BOX + "&zoom=3&colour=red|colour",
        "bbox=" + BOX + "&zoom=3&zoom=4|zoom",
        "bbox=" + BOX + "&zoom=3&datetime=yesterday|datetime"})
    void badParametersAre400NamingTheParameter(String query, String parameter) {
        Api.Answer a = chair.get("/api/v1/map/incidents?" + query);
        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.json().path("errors").get(0).path("parameter").asText()).isEqualTo(parameter);
    }

    @Test
    void withoutABaseMapTheAppIsToldToDrawItsOutlines() {
        Api.Answer a = chair.get("/api/v1/map/basemap");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("tilejson").asText()).isEqualTo("3.0.0");
        assertThat(a.json().path("tiles")).isEmpty();
        assertThat(new Api(server.getURI()).get("/basemap/tiles/0/0/0").status()).isEqualTo(404);
    }

    @Test
    void anonymousIs401() {
        assertThat(new Api(server.getURI()).get("/api/v1/map/incidents?bbox=" + BOX + "&zoom=3").status()).isEqualTo(401);
    }
}

package org.trucewatch.mechanisms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Grant;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestUsers;
import org.trucewatch.zones.ImportZonesCommand;
import org.trucewatch.zones.ZoneService;

/**
 * Both sample mechanisms, on the sample geodata, end to end over HTTP: a monitor's report
 * becomes an incident in the expected team's queue at the expected level, is claimed,
 * verified, given a finding, escalated, and appears on the next level's agenda.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleMechanismsEndToEndIT implements PostgisFixture {
    static final String GEO = "application/geo+json";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    ZoneService zones;
    TestUsers users;

    @BeforeAll
    void setUp() throws Exception {
        for (String file : List.of("south-lebanon.geojson", "colombia-mmv.geojson")) {
            Path path = Path.of(System.getProperty("project.basedir", "."), "sample-geodata", file);
            zones.importZones(new ImportZonesCommand(file, Files.readAllBytes(path), null, null, false, null, "test"));
        }
        users = new TestUsers(access, new Api(server.getURI()));
    }

    private Api chair(String mechanism, String level) {
        return users.as("chair", new Grant(null, "chair", mechanism, level, null, null));
    }

    private static String submit(Api monitor, ReportJson report) {
        Api.Answer created = monitor.post("/api/v1/reports", GEO, report.json());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asText();
        // The answer's relations (handed on as they were stored) are what is stored, in the same order.
        JsonNode stored = monitor.get("/api/v1/reports/" + id).json().path("properties").path("zones");
        assertThat(stored.size()).isPositive();
        assertThat(created.json().path("properties").path("zones")).isEqualTo(stored);
        return id;
    }

    private static JsonNode incidentOf(Api chair, String queue, String reportId) {
        for (JsonNode item : chair.get("/api/v1/queues/" + queue + "/items").json()) {
            for (JsonNode r : item.path("reports")) {
                if (r.path("reportId").asText().equals(reportId)) {
                    return item;
                }
            }
        }
        throw new AssertionError("report " + reportId + " is in no incident of " + queue);
    }

    private static void work(Api chair, String incident, String finding, String party) {
        assertThat(chair.post("/api/v1/incidents/" + incident + "/claim", "application/json", "{}").status()).isEqualTo(200);
        for (String to : List.of("triaged", "under_verification")) {
            assertThat(chair.post("/api/v1/incidents/" + incident + "/transitions", "application/json",
                    "{\"to\":\"" + to + "\"}").status()).isEqualTo(200);
        }
        Api.Answer found = chair.post("/api/v1/incidents/" + incident + "/transitions", "application/json",
                "{\"to\":\"finding_recorded\",\"finding\":\"" + finding + "\",\"party\":" + (party == null ? "null"
                        : "\"" + party + "\"") + ",\"summary\":\"patrol visit and crater analysis\"}");
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
    }

    private static List<String> agendaIds(Api chair, String mechanism, String level) {
        List<String> ids = new ArrayList<>();
        chair.get("/api/v1/mechanisms/" + mechanism + "/agenda?level=" + level).json()
                .forEach(i -> ids.add(i.path("id").asText()));
        return ids;
    }

    @Test
    void colombiaLocalToRegional() {
        Api monitor = users.as("monitor", TestUsers.grant("monitor", "colombia-mmv"));
        Api local = chair("colombia-mmv", "local");
        Api regional = chair("colombia-mmv", "regional");
        // Armed forces some 500 m outside the Anorí transitional zone: inside its 1 km security zone.
        String report = submit(monitor, ReportJson.valid().point(-75.1535, 7.29).withText("category", "ARMED_PRESENCE")
                .with("allegedParties", "[\"GOV-CO\"]").with("locationAccuracyM", "20"));

        JsonNode incident = incidentOf(local, "colombia-mmv.local.mmv-local-anori", report);
        assertThat(incident.path("severity").asInt()).isEqualTo(5);
        assertThat(incident.path("violations").toString()).contains("armed-forces-in-zone");
        assertThat(Instant.parse(incident.path("deadline").asText())).isAfter(Instant.now());
        String id = incident.path("id").asText();
        assertThat(monitor.get("/api/v1/reports/" + report).json().path("properties").path("zones").toString())
                .contains("co-aor-local-anori").contains("security_zone");

        work(local, id, "violation_confirmed", "GOV-CO");
        Api.Answer escalated = local.post("/api/v1/incidents/" + id + "/escalate", "application/json",
                "{\"text\":\"not resolved locally\"}");

        assertThat(escalated.status()).as(escalated.toString()).isEqualTo(200);
        assertThat(escalated.json().path("queue").asText()).isEqualTo("colombia-mmv.regional.mmv-regional-antioquia");
        assertThat(escalated.json().path("status").asText()).isEqualTo("escalated");
        assertThat(agendaIds(regional, "colombia-mmv", "regional")).contains(id);
        assertThat(agendaIds(regional, "colombia-mmv", "local")).doesNotContain(id);
        assertThat(regional.get("/api/v1/mechanisms/colombia-mmv/agenda.html?level=regional").body())
                .contains(id.substring(0, 8)).contains("violation_confirmed (GOV-CO)");
        assertThat(incidentOf(regional, "colombia-mmv.regional.mmv-regional-antioquia", report).path("id").asText())
                .isEqualTo(id);
    }

    @Test
    void lebanonSectorToTheTripartiteMeeting() {
        Api monitor = users.as("monitor", TestUsers.grant("monitor", "lebanon-tripartite"));
        Api chair = chair("lebanon-tripartite", null);
        // Armed men of no known party in Sector West, between the Blue Line and the Litani.
        String report = submit(monitor, ReportJson.valid().point(35.254, 33.1829).withText("category", "ARMED_PRESENCE"));

        JsonNode incident = incidentOf(chair, "lebanon-tripartite.tripartite.sector-west", report);
        assertThat(incident.path("violations").toString()).contains("armed-presence-south-of-litani");
        String id = incident.path("id").asText();

        work(chair, id, "violation_unattributed", null);
        Api.Answer escalated = chair.post("/api/v1/incidents/" + id + "/escalate", "application/json",
                "{\"text\":\"for the tripartite meeting\"}");

        assertThat(escalated.json().path("queue").asText()).isEqualTo("lebanon-tripartite.tripartite");
        assertThat(agendaIds(chair, "lebanon-tripartite", "tripartite")).contains(id);
    }

    @Test
    void aMovementAcrossTheBlueLineIsTheMostSevereViolation() {
        Api monitor = users.as("monitor", TestUsers.grant("monitor", "lebanon-tripartite"));
        Api chair = chair("lebanon-tripartite", null);
        String report = submit(monitor, ReportJson.valid().withText("category", "LINE_CROSSING")
                .geometry("{\"type\":\"LineString\",\"coordinates\":[[35.4367,33.108],[35.4367,33.092]]}"));

        JsonNode relations = monitor.get("/api/v1/reports/" + report).json().path("properties").path("zones");
        boolean crosses = false;
        for (JsonNode r : relations) {
            crosses |= r.path("zone").asText().equals("lb-blue-line") && r.path("crosses").asBoolean();
        }
        assertThat(crosses).as(relations.toString()).isTrue();
        List<String> rules = new ArrayList<>();
        for (JsonNode q : chair.get("/api/v1/queues").json()) {
            for (JsonNode item : chair.get("/api/v1/queues/" + q.path("id").asText() + "/items").json()) {
                if (item.path("reports").toString().contains(report)) {
                    item.path("violations").forEach(v -> rules.add(v.path("rule").asText()));
                    assertThat(item.path("severity").asInt()).isEqualTo(5);
                }
            }
        }
        assertThat(rules).contains("blue-line-crossing");
    }

    /**
     * A queue row says where the incident lies and what it is about (docs/mechanisms.md, "Queue
     * items"): the most local zone its report is inside, every zone it is inside, or the nearest
     * zone and its distance, and the start of the description; each expectation read by the
     * test's own SQL from what the geofence stored.
     */
    @Test
    void aQueueRowSaysWhereTheIncidentLiesAndWhatItIsAbout() {
        Api monitor = users.as("monitor", TestUsers.grant("monitor", "colombia-mmv"));
        Api local = chair("colombia-mmv", "local");
        String words = "Hombres armados vistos cerca de la escuela rural, " + "con uniformes y fusiles, ".repeat(12);
        String inside = submit(monitor, ReportJson.valid().point(-75.1535, 7.2905).withText("category", "ARMED_PRESENCE")
                .withText("observedAt", "2026-02-10T08:00:00Z").withText("description", words).with("allegedParties", "[\"GOV-CO\"]").with("locationAccuracyM", "20"));
        JsonNode item = incidentOf(local, "colombia-mmv.local.mmv-local-anori", inside);

        List<String> zonesInside = Rows.texts("SELECT DISTINCT z.code FROM report_zone_relation r JOIN zone z ON z.id = r.zone_id"
                + " WHERE r.report_id = ? AND r.relation = 'inside' ORDER BY 1", UUID.fromString(inside));
        assertThat(zonesInside).hasSizeGreaterThan(1);
        List<String> shown = new ArrayList<>();
        item.path("zones").forEach(z -> shown.add(z.asText()));
        assertThat(shown).containsExactlyElementsOf(zonesInside);
        String securityZone = Rows.text("SELECT z.code FROM report_zone_relation r JOIN zone z ON z.id = r.zone_id"
                + " WHERE r.report_id = ? AND r.relation = 'inside' AND z.type = 'security_zone'", UUID.fromString(inside));
        assertThat(item.path("place").path("zone").asText()).isEqualTo(securityZone);
        assertThat(item.path("place").path("relation").asText()).isEqualTo("inside");
        assertThat(item.path("place").path("name").path("es").asText()).isNotBlank();
        String snippet = item.path("snippet").asText();
        assertThat(snippet).startsWith("Hombres armados vistos cerca de la escuela rural,").endsWith("…")
                .doesNotContain("  ");
        assertThat(snippet.codePointCount(0, snippet.length())).isLessThanOrEqualTo(161);
        assertThat(words.replaceAll("\\s+", " ")).startsWith(snippet.substring(0, snippet.length() - 1));

        // Far from every zone's inside: the nearest zone, at the distance the geofence stored.
        String outside = submit(monitor, ReportJson.valid().point(-72.99, 2.962).withText("category", "ARMED_PRESENCE")
                .withText("observedAt", "2026-02-11T08:00:00Z").with("locationAccuracyM", "20"));
        Api whole = chair("colombia-mmv", null);
        JsonNode far = null;
        for (JsonNode q : whole.get("/api/v1/queues").json()) {
            for (JsonNode i : whole.get("/api/v1/queues/" + q.path("id").asText() + "/items").json()) {
                if (i.path("reports").toString().contains(outside)) {
                    far = i;
                }
            }
        }
        assertThat(far).as("the outside report's incident in a queue of the mechanism").isNotNull();
        assertThat(Rows.text("SELECT count(*)::text FROM report_zone_relation WHERE report_id = ? AND relation = 'inside'",
                UUID.fromString(outside))).isEqualTo("0");
        String nearest = Rows.text("SELECT z.code || ' ' || round(r.distance_m::numeric, 1) FROM report_zone_relation r"
                + " JOIN zone z ON z.id = r.zone_id WHERE r.report_id = ? ORDER BY r.distance_m, z.code LIMIT 1",
                UUID.fromString(outside));
        assertThat(far.path("place").path("zone").asText() + " " + new java.math.BigDecimal(
                far.path("place").path("distanceM").asText()).setScale(1)).isEqualTo(nearest);
        assertThat(far.path("zones").size()).isZero();
        assertThat(far.path("snippet").isMissingNode() || far.path("snippet").isNull()).isTrue();
    }
}

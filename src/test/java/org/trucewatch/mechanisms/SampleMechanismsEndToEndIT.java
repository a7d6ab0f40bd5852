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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Grant;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
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
}

package org.trucewatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestUsers;
import org.trucewatch.zones.ImportZonesCommand;
import org.trucewatch.zones.ZoneService;

/**
 * Authority over an incident follows the level and team of the chair's grant, over the
 * Colombian mechanism's three levels: every chair × an incident at each level × every action,
 * with the status the API answers, and the actions and view the incident page is offered.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorityMatrixIT implements PostgisFixture {
    static final String MECH = "authority-co";

    /** Chairs by grant: level and team (null: every level, or every team of the level). */
    enum Chair {
        WHOLE(null, null), NATIONAL("national", null), REGIONAL_ANTIOQUIA("regional", "mmv-regional-antioquia"),
        REGIONAL_META("regional", "mmv-regional-meta"), LOCAL_ANY("local", null), LOCAL_ANORI("local", "mmv-local-anori");

        final String level;
        final String team;

        Chair(String level, String team) {
            this.level = level;
            this.team = team;
        }
    }

    /** Where an incident sits: the Anorí local team, escalated once (Antioquia), twice (national), or Vista Hermosa. */
    enum At { LOCAL_ANORI, REGIONAL_ANTIOQUIA, NATIONAL, LOCAL_VISTA_HERMOSA }

    /** Escalation last: it moves the incident away from the level the expectations are for. */
    static final List<String> ACTIONS = List.of("comment", "position", "assign", "claim", "transition", "notable",
            "escalate");

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;
    @Inject
    ZoneService zones;

    final Map<Chair, Api> chairs = new LinkedHashMap<>();
    final Map<Chair, String> names = new LinkedHashMap<>();
    Api monitor;
    TestUsers users;
    int made;

    @BeforeAll
    void setUp() {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("mechanisms/colombia-mmv.json")) {
            mechanisms.load(new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\"colombia-mmv\"", "\"" + MECH + "\"")
                    .replaceFirst("\\s*\"referencePrefix\": \"[A-Z]+\",", "")
                    .replace("co-aor-", "auth-aor-"), "test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String features = String.join(",", area("auth-aor-local-anori", 30.0, 0.1, "local", "mmv-local-anori"),
                area("auth-aor-regional-antioquia", 29.9, 0.5, "regional", "mmv-regional-antioquia"),
                area("auth-aor-local-vista-hermosa", 32.0, 0.1, "local", "mmv-local-vista-hermosa"),
                area("auth-aor-regional-meta", 31.9, 0.5, "regional", "mmv-regional-meta"));
        zones.importZones(new ImportZonesCommand("authority.geojson", ("{\"type\":\"FeatureCollection\",\"features\":["
                + features + "]}").getBytes(StandardCharsets.UTF_8), null, null, false, null, "test"));
        users = new TestUsers(access, new Api(server.getURI()));
        for (Chair c : Chair.values()) {
            names.put(c, users.create("chair-" + c.name().toLowerCase().replace('_', '-'),
                    new Grant(null, "chair", MECH, c.level, c.team, null)));
            chairs.put(c, users.signIn(names.get(c)));
        }
        monitor = users.as("monitor", TestUsers.grant("monitor", MECH));
    }

    private static String area(String code, double at, double size, String level, String team) {
        double a = at + size;
        return "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code + "\",\"type\":\"area_of_responsibility\","
                + "\"level\":\"" + level + "\",\"team\":\"" + team + "\","
                + "\"mechanism\":\"" + MECH + "\",\"name\":{\"en\":\"" + code + "\"},\"validFrom\":\"2020-01-01T00:00:00Z\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" + at + "," + at + "],[" + a + "," + at + "],[" + a
                + "," + a + "],[" + at + "," + a + "],[" + at + "," + at + "]]]}}";
    }

    /** A fresh incident at {@code at}: reported in its local area, escalated by the whole-mechanism chair as needed. */
    private String incident(At at) {
        double where = at == At.LOCAL_VISTA_HERMOSA ? 32.05 : 30.05;
        // A day apart each, so that the duplicate matcher never links them into one incident.
        String observed = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusDays(++made)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String report = monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid().point(where, where)
                .withText("mechanism", MECH).withText("observedAt", observed).json()).json().path("id").asText();
        String id = Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?", UUID.fromString(report));
        int escalations = at == At.REGIONAL_ANTIOQUIA ? 1 : at == At.NATIONAL ? 2 : 0;
        for (int i = 0; i < escalations; i++) {
            Api.Answer up = chairs.get(Chair.WHOLE).post("/api/v1/incidents/" + id + "/escalate", "application/json",
                    "{\"text\":\"up\"}");
            assertThat(up.status()).as(() -> up.body() + " escalating " + at + ", routed to " + Rows.text(
                    "SELECT coalesce(level_code, 'triage') || ' ' || areas::text FROM incident WHERE id = ?",
                    UUID.fromString(id)) + "; zones " + monitor.get("/api/v1/reports/" + report).json()
                    .path("properties").path("zones")).isEqualTo(200);
        }
        return id;
    }

    /** The policy in docs/security.md: a chair works their level (and team); the entry level also works triage. */
    static boolean works(Chair c, At at) {
        return switch (c) {
            case WHOLE -> true;
            case NATIONAL -> at == At.NATIONAL;
            case REGIONAL_ANTIOQUIA -> at == At.REGIONAL_ANTIOQUIA;
            case REGIONAL_META -> false;
            case LOCAL_ANY -> at == At.LOCAL_ANORI || at == At.LOCAL_VISTA_HERMOSA;
            case LOCAL_ANORI -> at == At.LOCAL_ANORI;
        };
    }

    /** What a chair reads in full without working it: lower levels and what left theirs, within their areas. */
    static boolean readsInFull(Chair c, At at) {
        return works(c, at) || switch (c) {
            case NATIONAL -> true;
            case REGIONAL_ANTIOQUIA -> at != At.LOCAL_VISTA_HERMOSA;
            case REGIONAL_META -> at == At.LOCAL_VISTA_HERMOSA;
            case LOCAL_ANY -> at != At.LOCAL_VISTA_HERMOSA;
            case LOCAL_ANORI -> at == At.REGIONAL_ANTIOQUIA || at == At.NATIONAL;
            default -> false;
        };
    }

    private Api.Answer act(Api chair, String who, String id, String action) {
        String base = "/api/v1/incidents/" + id;
        return switch (action) {
            case "comment" -> chair.post(base + "/comments", "application/json", "{\"text\":\"matrix\"}");
            case "position" -> chair.post(base + "/positions", "application/json",
                    "{\"party\":\"FARC-EP\",\"position\":\"not_yet_stated\"}");
            case "assign" -> chair.post(base + "/assign", "application/json", "{\"assignee\":\"" + who + "\"}");
            case "claim" -> chair.post(base + "/claim", "application/json", "{}");
            case "transition" -> chair.post(base + "/transitions", "application/json", "{\"to\":\"triaged\"}");
            case "escalate" -> chair.post(base + "/escalate", "application/json", "{\"text\":\"matrix\"}");
            case "notable" -> chair.put(base + "/notable", "application/json", "{\"summary\":\"matrix\"}");
            default -> throw new IllegalArgumentException(action);
        };
    }

    @Test
    void everyChairGetsTheExpectedStatusForEveryActionAtEveryLevel() {
        List<String> wrong = new ArrayList<>();
        for (Chair c : Chair.values()) {
            for (At at : At.values()) {
                String id = incident(at);
                JsonNode view = chairs.get(c).get("/api/v1/incidents/" + id).json();
                String visibility = readsInFull(c, at) ? "FULL" : "REDACTED";
                if (!visibility.equals(view.path("visibility").asText())) {
                    wrong.add(c + " reads " + at + " as " + view.path("visibility").asText() + ", expected " + visibility);
                }
                List<String> offered = new ArrayList<>();
                view.path("actions").forEach(a -> offered.add(a.asText()));
                for (String action : ACTIONS) {
                    // Nowhere above the national level, whose one team is the whole level: 409, and not offered.
                    boolean top = action.equals("escalate") && at == At.NATIONAL;
                    int expected = !works(c, at) ? 403 : top ? 409 : 200;
                    Api.Answer answer = act(chairs.get(c), names.get(c), id, action);
                    if (answer.status() != expected) {
                        wrong.add(c + " " + action + " at " + at + ": expected " + expected + ", got " + answer);
                    }
                    if (answer.status() >= 400 && !answer.contentType().startsWith("application/problem+json")) {
                        wrong.add(c + " " + action + " at " + at + ": not problem+json");
                    }
                    boolean offeredIt = offered.contains(action);
                    if (offeredIt != (expected == 200)) {
                        // offered exactly what succeeds
                        wrong.add(c + " at " + at + " is " + (offeredIt ? "" : "not ") + "offered " + action);
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void anIncidentIsAssignedOnlyToChairsWhoWorkIt() {
        String id = incident(At.REGIONAL_ANTIOQUIA);
        Api.Answer refused = chairs.get(Chair.WHOLE).post("/api/v1/incidents/" + id + "/assign", "application/json",
                "{\"assignee\":\"" + names.get(Chair.LOCAL_ANORI) + "\"}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/assignee");
        JsonNode staff = chairs.get(Chair.WHOLE).get("/api/v1/mechanisms/" + MECH + "/staff?queue=" + MECH
                + ".regional.mmv-regional-antioquia").json();
        List<String> offered = new ArrayList<>();
        staff.forEach(m -> offered.add(m.path("username").asText()));
        assertThat(offered).contains(names.get(Chair.WHOLE), names.get(Chair.REGIONAL_ANTIOQUIA))
                .doesNotContain(names.get(Chair.LOCAL_ANORI), names.get(Chair.REGIONAL_META), names.get(Chair.NATIONAL));
        assertThat(chairs.get(Chair.WHOLE).post("/api/v1/incidents/" + id + "/assign", "application/json",
                "{\"assignee\":\"" + names.get(Chair.REGIONAL_ANTIOQUIA) + "\"}").status()).isEqualTo(200);
    }

    @Test
    void aLocalChairListsOnlyTheQueuesTheyWorkOrWatch() {
        List<String> queues = new ArrayList<>();
        chairs.get(Chair.LOCAL_ANORI).get("/api/v1/queues").json().forEach(q -> queues.add(q.path("id").asText()));
        assertThat(queues).contains(MECH + ".triage", MECH + ".local.mmv-local-anori")
                .doesNotContain(MECH + ".national", MECH + ".regional.mmv-regional-antioquia");
        assertThat(chairs.get(Chair.LOCAL_ANORI).get("/api/v1/queues/" + MECH + ".national/items").status()).isEqualTo(404);
    }
}

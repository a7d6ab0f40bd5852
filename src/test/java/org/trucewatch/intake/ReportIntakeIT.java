package org.trucewatch.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.TestUsers;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportIntakeIT implements PostgisFixture {
    private static final String GEO_JSON = "application/geo+json";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    Api api;

    @BeforeAll
    void client() {
        api = new TestUsers(access, new Api(server.getURI())).as("monitor", TestUsers.grant("monitor", "lebanon-tripartite"));
    }

    @Test
    void aPointIsStoredWithSrid4326AndReadBackUnchanged() {
        ReportJson report = ReportJson.valid().point(35.5123456, 33.1234567);

        Api.Answer created = api.post("/api/v1/reports", GEO_JSON, report.json());

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.contentType()).startsWith(GEO_JSON);
        String id = created.json().path("id").asText();
        assertThat(created.header("Location")).endsWith("/api/v1/reports/" + id);
        assertThat(Rows.text("SELECT ST_AsText(geom) FROM report WHERE id = ?", UUID.fromString(id)))
                .isEqualTo("POINT(35.5123456 33.1234567)");
        assertThat(Rows.text("SELECT ST_SRID(geom)::text FROM report WHERE id = ?", UUID.fromString(id)))
                .isEqualTo("4326");
        JsonNode fetched = api.get("/api/v1/reports/" + id).json();
        assertThat(fetched.path("geometry")).isEqualTo(created.json().path("geometry"));
        assertThat(fetched.path("geometry").path("coordinates").get(0).asDouble()).isEqualTo(35.5123456);
        assertThat(fetched.path("geometry").path("coordinates").get(1).asDouble()).isEqualTo(33.1234567);
        assertThat(fetched.path("properties").path("clientReportId").asText()).isEqualTo(report.clientReportId());
    }

    @Test
    void aMovementLineAndAnAreaKeepTheirShapeInTheDatabase() {
        String line = api.post("/api/v1/reports", GEO_JSON, ReportJson.valid().withText("category", "HEAVY_WEAPONS_MOVEMENT")
                .geometry("{\"type\":\"LineString\",\"coordinates\":[[35.36,33.105],[35.3655,33.1111],[35.3721,33.116]]}")
                .json()).json().path("id").asText();
        // Clockwise exterior ring with a hole: stored as sent, served counter-clockwise (RFC 7946 §3.1.6).
        String area = api.post("/api/v1/reports", GEO_JSON, ReportJson.valid().withText("category", "ARMED_PRESENCE")
                .geometry("{\"type\":\"Polygon\",\"coordinates\":[[[-75.21,7.3],[-75.21,7.312],[-75.195,7.312],[-75.195,7.3],[-75.21,7.3]],"
                        + "[[-75.205,7.305],[-75.2,7.305],[-75.2,7.308],[-75.205,7.305]]]}")
                .json()).json().path("id").asText();

        assertThat(Rows.text("SELECT ST_AsText(geom) FROM report WHERE id = ?", UUID.fromString(line)))
                .isEqualTo("LINESTRING(35.36 33.105,35.3655 33.1111,35.3721 33.116)");
        assertThat(Rows.text("SELECT ST_AsText(geom) || ' ' || ST_SRID(geom) FROM report WHERE id = ?", UUID.fromString(area)))
                .isEqualTo("POLYGON((-75.21 7.3,-75.21 7.312,-75.195 7.312,-75.195 7.3,-75.21 7.3),"
                        + "(-75.205 7.305,-75.2 7.305,-75.2 7.308,-75.205 7.305)) 4326");
        JsonNode ring = api.get("/api/v1/reports/" + area).json().path("geometry").path("coordinates").get(0);
        assertThat(ring.get(1).get(0).asDouble()).as("exterior ring served counter-clockwise").isEqualTo(-75.195);
    }

    @Test
    void everyPropertyRoundTripsIncludingTheObserversOffset() {
        ReportJson report = ReportJson.valid()
                .withText("observedAt", "2026-03-02T05:42:00+02:00")
                .withText("observedUntil", "2026-03-02T06:02:30.5+02:00")
                .withText("timePrecision", "approximate")
                .with("observerLocation", "[35.5101, 33.2655]")
                .with("bearingDeg", "62.5")
                .with("estimatedDistanceM", "2100")
                .withText("category", "INDIRECT_FIRE")
                .withText("description", "Trois impacts au nord-est — ثلاث قذائف")
                .with("allegedParties", "[\"IDF\", \"UNKNOWN\"]")
                .with("casualties", "{\"civiliansKilled\": 0, \"civiliansInjured\": 2}")
                .with("count", "3")
                .with("source", "{\"type\": \"PARTY_COMPLAINT\", \"reliability\": \"C\", \"credibility\": 3, "
                        + "\"identity\": \"Mukhtar of the village\", \"notes\": \"by phone\"}")
                .withText("mechanism", "lebanon-tripartite");

        JsonNode p = api.post("/api/v1/reports", GEO_JSON, report.json()).json().path("properties");

        assertThat(p.path("observedAt").asText()).isEqualTo("2026-03-02T05:42:00+02:00");
        assertThat(p.path("observedUntil").asText()).isEqualTo("2026-03-02T06:02:30.5+02:00");
        assertThat(p.path("timePrecision").asText()).isEqualTo("approximate");
        assertThat(p.path("observerLocation").toString()).isEqualTo("[35.5101,33.2655]");
        assertThat(p.path("bearingDeg").asDouble()).isEqualTo(62.5);
        assertThat(p.path("estimatedDistanceM").asDouble()).isEqualTo(2100);
        assertThat(p.path("description").asText()).isEqualTo("Trois impacts au nord-est — ثلاث قذائف");
        assertThat(p.path("allegedParties").toString()).isEqualTo("[\"IDF\",\"UNKNOWN\"]");
        assertThat(p.path("casualties").toString()).isEqualTo("{\"civiliansKilled\":0,\"civiliansInjured\":2}");
        assertThat(p.path("count").asInt()).isEqualTo(3);
        assertThat(p.path("source").path("identity").asText()).isEqualTo("Mukhtar of the village");
        assertThat(p.path("mechanism").asText()).isEqualTo("lebanon-tripartite");
        assertThat(p.path("submittedBy").asText()).isNotBlank();
        assertThat(p.path("taxonomyVersion").asText()).startsWith("trucewatch-ceasefire-violations/");
        assertThat(Rows.text("SELECT ST_AsText(observer_location) FROM report WHERE client_report_id = ?",
                UUID.fromString(report.clientReportId()))).isEqualTo("POINT(35.5101 33.2655)");
        assertThat(Rows.text("SELECT civilians_killed::text || '/' || civilians_injured || '/' || "
                + "coalesce(combatants_killed::text, 'null') FROM report WHERE client_report_id = ?",
                UUID.fromString(report.clientReportId()))).as("0 is kept apart from 'not reported'").isEqualTo("0/2/null");
    }

    @Test
    void edgesJustUnder180DegreesAndAntimeridianCutsAreStored() {
        // The boundary cases next to those BadReportIT refuses: PostGIS geography takes them.
        for (String geometry : new String[] {"{\"type\":\"LineString\",\"coordinates\":[[0,0],[179.9999999,0]]}",
                "{\"type\":\"LineString\",\"coordinates\":[[20,-90],[20,89.9]]}",
                "{\"type\":\"Polygon\",\"coordinates\":[[[179.9,-17],[180,-17],[180,-16.9],[179.9,-16.9],[179.9,-17]]]}"}) {
            ReportJson report = ReportJson.valid().geometry(geometry);

            Api.Answer created = api.post("/api/v1/reports", GEO_JSON, report.json());

            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(Rows.count("SELECT count(*) FROM report WHERE client_report_id = ? AND ST_Length(geom::geography) + ST_Perimeter(geom::geography) > 0",
                    UUID.fromString(report.clientReportId()))).isEqualTo(1);
        }
    }

    @Test
    void freeTextsAreStoredAndEchoedExactlyAsSentWhileCodesAreNormalised() {
        String statement = "  \t Two shells hit the school.\r\nسقطت قذيفتان على المدرسة 💥\r\n\t  ";
        String identity = " Mukhtar\u00a0of the village ";
        String notes = "\r\n";
        ReportJson report = ReportJson.valid()
                .withText("category", " INDIRECT_FIRE ")
                .withText("description", statement);
        report.properties().putObject("source").put("type", "PARTY_COMPLAINT ").put("identity", identity).put("notes", notes);

        Api.Answer created = api.post("/api/v1/reports", GEO_JSON, report.json());

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID id = UUID.fromString(created.json().path("id").asText());
        assertThat(Rows.text("SELECT description FROM report WHERE id = ?", id)).isEqualTo(statement);
        assertThat(Rows.text("SELECT source_identity FROM report WHERE id = ?", id)).isEqualTo(identity);
        assertThat(Rows.text("SELECT source_notes FROM report WHERE id = ?", id)).isEqualTo(notes);
        assertThat(Rows.text("SELECT octet_length(description)::text FROM report WHERE id = ?", id))
                .as("byte for byte").isEqualTo(String.valueOf(statement.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        assertThat(Rows.text("SELECT category || '|' || source_type FROM report WHERE id = ?", id))
                .as("codes are normalised").isEqualTo("INDIRECT_FIRE|PARTY_COMPLAINT");
        for (JsonNode p : new JsonNode[] {created.json().path("properties"),
                api.get("/api/v1/reports/" + id).json().path("properties")}) {
            assertThat(p.path("description").asText()).isEqualTo(statement);
            assertThat(p.path("source").path("identity").asText()).isEqualTo(identity);
            assertThat(p.path("source").path("notes").asText()).isEqualTo(notes);
        }
    }

    @Test
    void anEmptyOrBlankDescriptionIsKeptAsSent() {
        for (String text : new String[] {"", "   "}) {
            ReportJson report = ReportJson.valid().withText("description", text);

            Api.Answer created = api.post("/api/v1/reports", GEO_JSON, report.json());

            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.json().path("properties").path("description").asText(null)).isEqualTo(text);
            assertThat(Rows.text("SELECT description FROM report WHERE client_report_id = ?",
                    UUID.fromString(report.clientReportId()))).isEqualTo(text);
        }
    }

    @Test
    void aResendIsAnsweredWithTheOriginalAndStoresNothing() {
        ReportJson report = ReportJson.valid();
        Api.Answer first = api.post("/api/v1/reports", GEO_JSON, report.json());
        // The same report written differently: members reordered, the default time precision spelled out.
        String rewritten = "{\"properties\":" + report.copy().withText("timePrecision", "exact").properties()
                + ",\"geometry\":{\"coordinates\":[35.5,33.1],\"type\":\"Point\"},\"type\":\"Feature\"}";

        Api.Answer second = api.post("/api/v1/reports", "application/json", rewritten);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.json().path("id")).isEqualTo(first.json().path("id"));
        assertThat(second.json().path("properties").path("receivedAt"))
                .isEqualTo(first.json().path("properties").path("receivedAt"));
        assertThat(Rows.reportsWithClientId(report.clientReportId())).isEqualTo(1);
    }

    @Test
    void theSameClientReportIdWithOtherContentIsAConflict() {
        ReportJson report = ReportJson.valid();
        String id = api.post("/api/v1/reports", GEO_JSON, report.json()).json().path("id").asText();

        Api.Answer conflict = api.post("/api/v1/reports", GEO_JSON, report.copy().with("count", "2").json());

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.contentType()).startsWith("application/problem+json");
        assertThat(conflict.json().path("type").asText()).isEqualTo("/problems/report-conflict");
        assertThat(Rows.reportsWithClientId(report.clientReportId())).isEqualTo(1);
        assertThat(Rows.text("SELECT coalesce(event_count::text, 'none') FROM report WHERE id = ?", UUID.fromString(id)))
                .isEqualTo("none");
        assertThat(conflict.json().path("detail").asText()).as("the own report is named").contains(id);
    }

    @Test
    void anotherMonitorsClientReportIdIsAConflictThatNamesNothingOfTheirReport() {
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        String author = users.create("monitor", TestUsers.grant("monitor", "lebanon-tripartite"));
        ReportJson report = ReportJson.valid().withText("description", "Seen from the water tower");
        String id = users.signIn(author).post("/api/v1/reports", GEO_JSON, report.json()).json().path("id").asText();
        Api other = users.as("monitor", TestUsers.grant("monitor", "lebanon-tripartite"));

        Api.Answer sameContent = other.post("/api/v1/reports", GEO_JSON, report.json());
        Api.Answer otherContent = other.post("/api/v1/reports", GEO_JSON, report.copy().with("count", "2").json());

        for (Api.Answer conflict : new Api.Answer[] {sameContent, otherContent}) {
            assertThat(conflict.status()).as(conflict.toString()).isEqualTo(409);
            assertThat(conflict.contentType()).startsWith("application/problem+json");
            assertThat(conflict.json().path("type").asText()).isEqualTo("/problems/report-conflict");
            assertThat(conflict.json().path("detail").asText()).isEqualTo("This clientReportId is already used");
            assertThat(conflict.body()).doesNotContain(id).doesNotContain(author).doesNotContain("water tower");
        }
        assertThat(Rows.reportsWithClientId(report.clientReportId())).isEqualTo(1);
        assertThat(Rows.text("SELECT submitted_by || '|' || coalesce(event_count::text, 'none') FROM report"
                + " WHERE client_report_id = ?", UUID.fromString(report.clientReportId()))).isEqualTo(author + "|none");
    }

    @Test
    void unknownReportIdsAre404Problems() {
        for (String id : new String[] {UUID.randomUUID().toString(), "not-a-uuid", "%00"}) {
            Api.Answer answer = api.get("/api/v1/reports/" + id);
            assertThat(answer.status()).as(id).isEqualTo(404);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void theTaxonomyListsEveryRequiredCategoryInFourLanguages() {
        JsonNode taxonomy = api.get("/api/v1/taxonomy").json();
        assertThat(taxonomy.path("version").asText()).isNotBlank();
        java.util.List<String> codes = new java.util.ArrayList<>();
        taxonomy.path("categories").forEach(c -> {
            codes.add(c.path("code").asText());
            for (String language : new String[] {"en", "fr", "es", "ar"}) {
                assertThat(c.path("labels").path(language).asText()).as(c + " " + language).isNotBlank();
            }
        });
        assertThat(codes).contains("SMALL_ARMS_FIRE", "INDIRECT_FIRE", "EXPLOSION", "ARMED_PRESENCE",
                "HEAVY_WEAPONS_MOVEMENT", "AIR_INCURSION", "LINE_CROSSING", "CONSTRUCTION",
                "FREEDOM_OF_MOVEMENT_RESTRICTION", "ATTACK_ON_CIVILIANS", "EXPLOSIVE_HAZARD", "SEXUAL_VIOLENCE",
                "CHILD_RECRUITMENT", "INFRASTRUCTURE_DAMAGE", "OTHER");
    }
}

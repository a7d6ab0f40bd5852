package org.trucewatch.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;
import org.trucewatch.zones.ImportZonesCommand;
import org.trucewatch.zones.ZoneService;

/**
 * Corrections through the JSON API ({@code PUT /api/v1/reports/{id}} with If-Match): the
 * same report id at its next revision, history kept and shown as the policy allows, the
 * incident counted once, the zones judged again; stale, unconditional, foreign and
 * late edits refused. Checked over HTTP and in PostGIS.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevisionIT implements PostgisFixture {
    static final String MECH = "revision-" + UUID.randomUUID().toString().substring(0, 6);
    static final String GEO = "application/geo+json";
    /** Two areas of this test's own, far from every other test's: a correction moves a report from the first to the second. */
    static final String FIRST = MECH + "-first";
    static final String SECOND = MECH + "-second";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;
    @Inject
    ZoneService zones;

    String monitorName;
    Api monitor;
    Api otherMonitor;
    Api chair;
    Api partyDelegate;

    @BeforeAll
    void setUp() {
        TestProtocols.load(mechanisms, MECH);
        zones.importZones(new ImportZonesCommand(MECH + ".geojson", ("{\"type\":\"FeatureCollection\",\"features\":["
                + area(FIRST, -41.0) + "," + area(SECOND, -40.5) + "]}").getBytes(StandardCharsets.UTF_8), null, null,
                false, null, "test"));
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        monitorName = users.create("monitor", grant("monitor", MECH));
        monitor = users.signIn(monitorName);
        otherMonitor = users.as("monitor", grant("monitor", MECH));
        chair = users.as("chair", grant("chair", MECH));
        partyDelegate = users.as("delegate", delegate(MECH, "PARTY-A"));
    }

    private static String area(String code, double at) {
        double b = at + 0.2;
        return "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code + "\",\"type\":\"area_of_responsibility\","
                + "\"mechanism\":\"" + MECH + "\",\"name\":{\"en\":\"" + code + "\"},\"team\":\"sector-west\","
                + "\"level\":\"tripartite\",\"validFrom\":\"2020-01-01T00:00:00Z\"},\"geometry\":{\"type\":\"Polygon\","
                + "\"coordinates\":[[[" + at + "," + at + "],[" + b + "," + at + "],[" + b + "," + b + "],[" + at + ","
                + b + "],[" + at + "," + at + "]]]}}";
    }

    /** A report in the first area, the {@code n}th test's own: kilometres and hours from the others, so never their duplicate. */
    private static ReportJson observation(int n) {
        double at = -40.97 + 0.035 * n;
        String observed = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusHours(1 + 6L * n)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        return ReportJson.valid().point(at, at).withText("observedAt", observed).withText("mechanism", MECH)
                .with("count", "3")
                .with("source", "{\"type\":\"DIRECT_OBSERVATION\",\"identity\":\"Shepherd-" + UUID.randomUUID() + "\"}");
    }

    private String submit(ReportJson report) {
        Api.Answer a = monitor.post("/api/v1/reports", GEO, report.json());
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().path("id").asText();
    }

    private static Api.Answer put(Api who, String id, String ifMatch, ReportJson body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(who.base().resolve("/api/v1/reports/" + id))
                .header("Content-Type", GEO).PUT(HttpRequest.BodyPublishers.ofString(body.json()));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return who.send(request);
    }

    /** The correction of {@code original}: a new clientReportId, as every revision has its own. */
    private static ReportJson corrected(ReportJson original) {
        return original.copy().withText("clientReportId", UUID.randomUUID().toString());
    }

    private static String incidentOf(String reportId) {
        return Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?::uuid", reportId);
    }

    private static long insideOf(String reportId, String zoneCode) {
        return Rows.count("SELECT count(*) FROM report_zone_relation r JOIN zone z ON z.id = r.zone_id"
                + " WHERE r.report_id = ?::uuid AND z.code = ? AND r.relation = 'inside'", reportId, zoneCode);
    }

    @Test
    void aCorrectionBecomesTheCurrentRevisionOfTheSameReportCountedOnceAndJudgedAgainstTheZones() {
        ReportJson first = observation(0);
        String id = submit(first);
        String incident = incidentOf(id);
        Api.Answer got = monitor.get("/api/v1/reports/" + id);
        assertThat(got.header("ETag")).isEqualTo("\"rev-1\"");
        assertThat(insideOf(id, FIRST)).isEqualTo(1);
        assertThat(insideOf(id, SECOND)).isZero();

        ReportJson second = corrected(first).point(-40.4, -40.4).with("count", "7");
        Api.Answer answer = put(monitor, id, got.header("ETag"), second);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.header("ETag")).isEqualTo("\"rev-2\"");
        assertThat(answer.json().path("id").asText()).isEqualTo(id);
        assertThat(answer.json().path("properties").path("count").asInt()).isEqualTo(7);
        assertThat(Rows.text("SELECT ST_AsText(geom) || ' ' || ST_SRID(geom) || ' ' || revision || ' ' || revised_by"
                + " FROM report WHERE id = ?::uuid", id)).isEqualTo("POINT(-40.4 -40.4) 4326 2 " + monitorName);
        assertThat(Rows.text("SELECT ST_AsText(geom) || ' ' || event_count || ' ' || client_report_id"
                + " FROM report_version WHERE id = ?::uuid AND revision = 1", id))
                .isEqualTo("POINT(-40.97 -40.97) 3 " + first.clientReportId());
        assertThat(Rows.count("SELECT count(*) FROM report WHERE id = ?::uuid OR client_report_id IN (?::uuid, ?::uuid)",
                id, first.clientReportId(), second.clientReportId())).as("one report").isEqualTo(1);
        assertThat(insideOf(id, FIRST)).as("zones judged again").isZero();
        assertThat(insideOf(id, SECOND)).isEqualTo(1);
        assertThat(incidentOf(id)).as("still in its incident").isEqualTo(incident);
        JsonNode aggregate = chair.get("/api/v1/incidents/" + incident).json().path("aggregate");
        assertThat(aggregate.path("reports").asInt()).as("counted once").isEqualTo(1);
        assertThat(aggregate.path("count").asInt()).as("from the current revision").isEqualTo(7);
        assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE action = 'report.revise' AND target_id = ?"
                + " AND before_digest IS NOT NULL AND after_digest IS NOT NULL AND actor = ?", id, monitorName))
                .isEqualTo(1);
        assertThat(Rows.count("SELECT count(*) FROM incident_event WHERE incident_id = ?::uuid AND body LIKE ?",
                incident, "report " + id + " corrected: revision 2")).isEqualTo(1);

        Api.Answer resent = put(monitor, id, "\"rev-1\"", second);
        assertThat(resent.status()).as("the same correction again: " + resent).isEqualTo(200);
        assertThat(resent.header("ETag")).isEqualTo("\"rev-2\"");
        assertThat(Rows.count("SELECT count(*) FROM report_version WHERE id = ?::uuid", id)).isEqualTo(1);
    }

    @Test
    void theHistoryShowsEachRevisionWhatChangedAndWhoAsTheReaderMaySeeIt() {
        ReportJson first = observation(1);
        String id = submit(first);
        String identity = first.properties().path("source").path("identity").asText();
        ReportJson second = corrected(first).with("count", "9")
                .with("source", "{\"type\":\"DIRECT_OBSERVATION\",\"identity\":\"" + identity + "-corrected\"}");
        assertThat(put(monitor, id, "\"rev-1\"", second).status()).isEqualTo(200);

        JsonNode full = chair.get("/api/v1/reports/" + id + "/revisions").json();
        assertThat(full.path("features")).hasSize(2);
        JsonNode one = full.path("features").get(0).path("properties");
        JsonNode two = full.path("features").get(1).path("properties");
        assertThat(one.path("revision").asInt()).isEqualTo(1);
        assertThat(one.path("count").asInt()).isEqualTo(3);
        assertThat(one.path("source").path("identity").asText()).isEqualTo(identity);
        assertThat(two.path("revision").asInt()).isEqualTo(2);
        assertThat(two.path("revisedBy").asText()).isEqualTo(monitorName);
        assertThat(strings(two.path("changed"))).containsExactly("/properties/count", "/properties/source/identity");

        Api.Answer redacted = partyDelegate.get("/api/v1/reports/" + id + "/revisions");
        assertThat(redacted.status()).isEqualTo(200);
        assertThat(redacted.json().path("features")).hasSize(2);
        assertThat(redacted.body()).doesNotContain(identity).doesNotContain(monitorName).doesNotContain("source/identity");
        assertThat(strings(redacted.json().path("features").get(1).path("properties").path("changed")))
                .containsExactly("/properties/count");

        assertThat(otherMonitor.get("/api/v1/reports/" + id + "/revisions").status()).isEqualTo(404);
    }

    @Test
    void aStaleOrUnconditionalCorrectionIsRefusedAndChangesNothing() {
        ReportJson first = observation(2);
        String id = submit(first);
        assertThat(put(monitor, id, "\"rev-1\"", corrected(first).with("count", "4")).status()).isEqualTo(200);

        Api.Answer stale = put(monitor, id, "\"rev-1\"", corrected(first).with("count", "5"));
        Api.Answer unconditional = put(monitor, id, null, corrected(first).with("count", "5"));
        Api.Answer wildcard = put(monitor, id, "*", corrected(first).with("count", "5"));

        assertThat(stale.status()).as(stale.toString()).isEqualTo(409);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        assertThat(stale.json().path("type").asText()).isEqualTo("/problems/stale-revision");
        assertThat(unconditional.status()).as(unconditional.toString()).isEqualTo(428);
        assertThat(unconditional.json().path("type").asText()).isEqualTo("/problems/precondition-required");
        assertThat(wildcard.status()).isEqualTo(428);
        assertThat(Rows.text("SELECT event_count || ' ' || revision FROM report WHERE id = ?::uuid", id)).isEqualTo("4 2");
        assertThat(Rows.count("SELECT count(*) FROM report_version WHERE id = ?::uuid", id)).isEqualTo(1);
    }

    @Test
    void onlyTheAuthorCorrectsAndOnlyUntilTheIncidentIsPastTriage() {
        ReportJson first = observation(3);
        String id = submit(first);

        Api.Answer stranger = put(otherMonitor, id, "\"rev-1\"", corrected(first));
        assertThat(stranger.status()).as("another monitor does not even see it: " + stranger).isEqualTo(404);
        Api.Answer reader = put(partyDelegate, id, "\"rev-1\"", corrected(first));
        assertThat(reader.status()).as("a reader of the report who is not its author: " + reader).isEqualTo(403);
        assertThat(reader.json().path("type").asText()).isEqualTo("/problems/forbidden");

        String incident = incidentOf(id);
        assertThat(move(incident, "triaged")).isEqualTo(200);
        assertThat(put(monitor, id, "\"rev-1\"", corrected(first).with("count", "5")).status())
                .as("triaged is not yet past triage").isEqualTo(200);
        assertThat(move(incident, "under_verification")).isEqualTo(200);

        Api.Answer late = put(monitor, id, "\"rev-2\"", corrected(first).with("count", "6"));
        assertThat(late.status()).as(late.toString()).isEqualTo(409);
        assertThat(late.json().path("type").asText()).isEqualTo("/problems/report-past-triage");
        assertThat(Rows.text("SELECT event_count || ' ' || revision FROM report WHERE id = ?::uuid", id)).isEqualTo("5 2");
    }

    @Test
    void aCorrectionIsValidatedLikeAReport() {
        ReportJson first = observation(4);
        String id = submit(first);
        Api.Answer bad = put(monitor, id, "\"rev-1\"", corrected(first).with("count", "0"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/properties/count");
        Api.Answer reusedId = put(monitor, id, "\"rev-1\"", first.copy().with("count", "8"));
        assertThat(reusedId.status()).as("the first revision's id for other content: " + reusedId).isEqualTo(409);
        assertThat(reusedId.json().path("type").asText()).isEqualTo("/problems/report-conflict");
        assertThat(reusedId.json().path("detail").asText()).contains("clientReportId " + first.clientReportId());
        assertThat(Rows.text("SELECT event_count || ' ' || revision FROM report WHERE id = ?::uuid", id)).isEqualTo("3 1");
    }

    @Test
    void ofConcurrentCorrectionsOfOneRevisionExactlyOneIsStored() throws Exception {
        ReportJson first = observation(5);
        String id = submit(first);
        int edits = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(edits);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < edits; i++) {
                ReportJson edit = corrected(first).with("count", String.valueOf(10 + i));
                answers.add(pool.submit(() -> {
                    start.await();
                    return put(monitor, id, "\"rev-1\"", edit).status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (java.util.concurrent.Future<Integer> a : answers) {
                statuses.add(a.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(statuses).containsExactlyInAnyOrder(200, 409, 409, 409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Rows.text("SELECT revision::text FROM report WHERE id = ?::uuid", id)).isEqualTo("2");
        assertThat(Rows.count("SELECT count(*) FROM report_version WHERE id = ?::uuid", id)).isEqualTo(1);
        assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE action = 'report.revise' AND target_id = ?", id))
                .isEqualTo(1);
    }

    private int move(String incident, String to) {
        return chair.post("/api/v1/incidents/" + incident + "/transitions", "application/json",
                "{\"to\":\"" + to + "\"}").status();
    }

    @Test
    void aMonitorReadsTheirReportWithTheZonesItFellInByNameAndTheIncidentItCountsIn() {
        String id = submit(observation(6).point(-40.81, -40.81)); // inside the first area, 12 h from the others
        // The chair's work, as it stands in the incident (the workflow itself is tested in review/).
        assertThat(Rows.text("UPDATE incident SET status = 'finding_recorded', finding = 'violation_confirmed' "
                + "WHERE id = ?::uuid RETURNING status", incidentOf(id))).isEqualTo("finding_recorded");

        JsonNode p = monitor.get("/api/v1/reports/" + id).json().path("properties");

        JsonNode zone = p.path("zones").get(0);
        assertThat(zone.path("zone").asText() + " " + zone.path("relation").asText() + " " + zone.path("name").path("en").asText())
                .isEqualTo(FIRST + " inside " + FIRST);
        assertThat(p.path("incident").path("id").asText()).isEqualTo(incidentOf(id));
        assertThat(p.path("incident").path("status").asText() + " " + p.path("incident").path("finding").asText())
                .isEqualTo("finding_recorded violation_confirmed");
        assertThat(p.path("incident").path("claimedBy").isMissingNode()).as("who works it is not told").isTrue();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

package org.trucewatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.admin;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.TestUsers;

/**
 * Every route × every kind of caller: anonymous, each role in the mechanism the resource
 * belongs to, and each role in another mechanism. A route the router knows but this
 * matrix does not fails the test: a new endpoint cannot ship without deciding who may use it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT implements PostgisFixture {
    static final String MECH = "matrix-own";
    static final String OTHER = "matrix-other";

    enum Who { ANONYMOUS, MONITOR, CHAIR, DELEGATE, GIS, ADMIN, OTHER_MONITOR, OTHER_CHAIR, OTHER_DELEGATE, OTHER_GIS }

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    Router router;
    @Inject
    org.trucewatch.mechanisms.MechanismService mechanisms;
    @Inject
    org.trucewatch.zones.ZoneService zones;
    static final String ZONE_FILE = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
            + "\"properties\":{\"code\":\"matrix-aor\",\"type\":\"area_of_responsibility\",\"mechanism\":\"" + MECH
            + "\",\"name\":{\"en\":\"Matrix\"},\"team\":\"sector-west\",\"level\":\"tripartite\",\"validFrom\":\"2020-01-01T00:00:00Z\"},\"geometry\":{\"type\":\"Polygon\","
            + "\"coordinates\":[[[10,10],[10.1,10],[10.1,10.1],[10,10.1],[10,10]]]}}]}";
    String incidentId;

    final Map<Who, Api> callers = new EnumMap<>(Who.class);
    TestUsers users;
    String reportId;
    String someUser;
    /** A member of the chair's staff, to assign incidents to. */
    String staff;

    /** What one route answers each caller; the request is built anew for every call. */
    record Entry(Function<Who, HttpRequest.Builder> request, Map<Who, Integer> expected, boolean stream,
                 boolean openRosa) {
        Entry(Function<Who, HttpRequest.Builder> request, Map<Who, Integer> expected) {
            this(request, expected, false, false);
        }

        Entry(Function<Who, HttpRequest.Builder> request, Map<Who, Integer> expected, boolean stream) {
            this(request, expected, stream, false);
        }
    }

    @BeforeAll
    void setUp() {
        Api anonymous = new Api(server.getURI());
        users = new TestUsers(access, anonymous);
        org.trucewatch.support.TestProtocols.load(mechanisms, MECH);
        org.trucewatch.support.TestProtocols.load(mechanisms, OTHER);
        zones.importZones(new org.trucewatch.zones.ImportZonesCommand("matrix.geojson",
                ZONE_FILE.getBytes(java.nio.charset.StandardCharsets.UTF_8), null, null, false, null, "test"));
        callers.put(Who.ANONYMOUS, anonymous);
        callers.put(Who.MONITOR, users.as("monitor", grant("monitor", MECH)));
        callers.put(Who.CHAIR, users.as("chair", grant("chair", MECH)));
        callers.put(Who.DELEGATE, users.as("delegate", delegate(MECH, "PARTY-A")));
        callers.put(Who.GIS, users.as("gis", grant("gis_analyst", MECH)));
        callers.put(Who.ADMIN, users.as("admin", admin()));
        callers.put(Who.OTHER_MONITOR, users.as("monitor", grant("monitor", OTHER)));
        callers.put(Who.OTHER_CHAIR, users.as("chair", grant("chair", OTHER)));
        callers.put(Who.OTHER_DELEGATE, users.as("delegate", delegate(OTHER, "PARTY-B")));
        callers.put(Who.OTHER_GIS, users.as("gis", grant("gis_analyst", OTHER)));
        // A report of the own mechanism by a third monitor: nobody above wrote it.
        Api author = users.as("author", grant("monitor", MECH));
        reportId = author.post("/api/v1/reports", "application/geo+json", ReportJson.valid().json()).json().path("id").asText();
        incidentId = String.valueOf(org.trucewatch.support.Rows.text(
                "SELECT incident_id::text FROM incident_report WHERE report_id = ?", UUID.fromString(reportId)));
        // Kilometres and a day away from the report above: an incident of its own.
        corrected = ReportJson.valid().point(10.05, 10.05).withText("observedAt", java.time.OffsetDateTime.now()
                .minusDays(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        correctedReportId = author.post("/api/v1/reports", "application/geo+json", corrected.json()).json().path("id")
                .asText();
        someUser = users.create("target");
        staff = users.create("staff", grant("chair", MECH));
        attachedReportId = author.postBytes("/submission", submission().contentType(), lastSubmission)
                .header("Location").replace("/api/v1/reports/", "");
    }

    String attachedReportId;
    byte[] lastSubmission;
    ReportJson corrected;
    String correctedReportId;

    /** An OpenRosa submission to the own mechanism's form, with one photo; a new instanceID each time. */
    private org.trucewatch.support.Multipart submission() {
        String xml = "<data id=\"trucewatch-" + MECH + "\"><location>33.1 35.4 0 5</location>"
                + "<observed_at>2026-01-01T10:00:00.000+02:00</observed_at><category>EXPLOSION</category>"
                + "<photo1>p.jpg</photo1><meta><instanceID>uuid:" + UUID.randomUUID() + "</instanceID></meta></data>";
        org.trucewatch.support.Multipart m = new org.trucewatch.support.Multipart().xml(xml)
                .file("p.jpg", "image/jpeg", new byte[] {1, 2, 3});
        lastSubmission = m.bytes();
        return m;
    }

    private HttpRequest.Builder submit() {
        org.trucewatch.support.Multipart m = submission();
        return HttpRequest.newBuilder(server.getURI().resolve("/submission")).header("Content-Type", m.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(lastSubmission));
    }

    /** The whole report again with a new clientReportId, made from its current revision (its own incident, never past triage). */
    private HttpRequest.Builder correction() {
        String revision = org.trucewatch.support.Rows.text("SELECT revision::text FROM report WHERE id = ?",
                UUID.fromString(correctedReportId));
        return HttpRequest.newBuilder(server.getURI().resolve("/api/v1/reports/" + correctedReportId))
                .header("Content-Type", "application/geo+json").header("If-Match", "\"rev-" + revision + "\"")
                .PUT(HttpRequest.BodyPublishers.ofString(corrected.copy()
                        .withText("clientReportId", UUID.randomUUID().toString()).json()));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(server.getURI().resolve(path)).GET();
    }

    private HttpRequest.Builder post(String path, Supplier<String> json) {
        return HttpRequest.newBuilder(server.getURI().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.get()));
    }

    /** The same answer for every signed-in caller, 401 for the anonymous. */
    private static Map<Who, Integer> anySignedIn(int status) {
        Map<Who, Integer> m = new EnumMap<>(Who.class);
        for (Who w : Who.values()) {
            m.put(w, w == Who.ANONYMOUS ? 401 : status);
        }
        return m;
    }

    private static Map<Who, Integer> everyoneGets(int status) {
        Map<Who, Integer> m = anySignedIn(status);
        m.put(Who.ANONYMOUS, status);
        return m;
    }

    private static Map<Who, Integer> adminOnly(int status) {
        Map<Who, Integer> m = anySignedIn(403);
        m.put(Who.ADMIN, status);
        return m;
    }

    private static Map<Who, Integer> of(int anonymous, int monitor, int chair, int delegate, int gis, int admin,
                                        int otherMonitor, int otherChair, int otherDelegate, int otherGis) {
        int[] v = {anonymous, monitor, chair, delegate, gis, admin, otherMonitor, otherChair, otherDelegate, otherGis};
        Map<Who, Integer> m = new EnumMap<>(Who.class);
        for (Who w : Who.values()) {
            m.put(w, v[w.ordinal()]);
        }
        return m;
    }

    private Map<String, Entry> matrix() {
        Map<String, Entry> m = new LinkedHashMap<>();
        m.put("POST /api/v1/reports", new Entry(w -> post("/api/v1/reports",
                () -> ReportJson.valid().withText("mechanism", MECH).json()),
                of(401, 201, 201, 403, 403, 403, 403, 403, 403, 403)));
        m.put("GET /api/v1/reports", new Entry(w -> get("/api/v1/reports"), anySignedIn(200)));
        m.put("GET /api/v1/reports/{id}", new Entry(w -> get("/api/v1/reports/" + reportId),
                of(401, 404, 200, 200, 200, 404, 404, 404, 404, 404)));
        m.put("GET /api/v1/reports/{id}/revisions", new Entry(w -> get("/api/v1/reports/" + reportId + "/revisions"),
                of(401, 404, 200, 200, 200, 404, 404, 404, 404, 404)));
        // A correction: the author or the chair's staff; a redacted reader 403; who may not see the report 404.
        m.put("PUT /api/v1/reports/{id}", new Entry(w -> correction(),
                of(401, 404, 200, 403, 403, 404, 404, 404, 404, 404)));
        m.put("GET /api/v1/taxonomy", new Entry(w -> get("/api/v1/taxonomy"), anySignedIn(200)));
        m.put("GET /api/v1/vocabulary", new Entry(w -> get("/api/v1/vocabulary"), anySignedIn(200)));
        m.put("GET /problems", new Entry(w -> get("/problems"), anySignedIn(200)));
        m.put("GET /problems/{code}", new Entry(w -> get("/problems/not-found"), anySignedIn(200)));
        m.put("GET /api/v1/me", new Entry(w -> get("/api/v1/me"), anySignedIn(200)));
        m.put("GET /openapi/openapi.json (static)", new Entry(w -> get("/openapi/openapi.json"), anySignedIn(200)));
        Map<Who, Integer> everyone = anySignedIn(200);
        everyone.put(Who.ANONYMOUS, 200);
        m.put("GET /health", new Entry(w -> get("/health"), everyone));
        m.put("GET /health/{selector}", new Entry(w -> get("/health/liveness"), everyone));
        m.put("POST /login", new Entry(w -> post("/login", () -> "{\"username\":\"" + someUser
                + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}"), everyone));
        // The web app: its root and static files are open (the app signs in with POST /login);
        // the app's data comes from the API, with the user's token.
        Map<Who, Integer> redirected = anySignedIn(303);
        redirected.put(Who.ANONYMOUS, 303);
        m.put("GET /", new Entry(w -> get("/"), redirected));
        m.put("GET /app/index.html (static)", new Entry(w -> get("/app/index.html"), everyoneGets(200)));
        m.put("GET /app/js/app.js (static)", new Entry(w -> get("/app/js/app.js"), everyoneGets(200)));
        // GIS: the OGC landing page is the one open page besides /health; layers are filtered per caller.
        m.put("GET /ogc", new Entry(w -> get("/ogc"), everyone));
        m.put("GET /ogc/api", new Entry(w -> get("/ogc/api"), anySignedIn(200)));
        m.put("GET /ogc/api.html", new Entry(w -> get("/ogc/api.html"), anySignedIn(200)));
        m.put("GET /ogc/conformance", new Entry(w -> get("/ogc/conformance"), anySignedIn(200)));
        m.put("GET /ogc/collections", new Entry(w -> get("/ogc/collections"), anySignedIn(200)));
        m.put("GET /ogc/collections/{collectionId}", new Entry(w -> get("/ogc/collections/reports"), anySignedIn(200)));
        m.put("GET /ogc/collections/{collectionId}/items", new Entry(w -> get("/ogc/collections/reports/items"),
                anySignedIn(200)));
        m.put("GET /ogc/collections/{collectionId}/items/{featureId}", new Entry(
                w -> get("/ogc/collections/reports/items/" + reportId), of(401, 404, 200, 200, 200, 404, 404, 404, 404, 404)));
        m.put("GET /ogc/collections/{collectionId}/schema", new Entry(w -> get("/ogc/collections/reports/schema"),
                anySignedIn(200)));
        m.put("GET /ogc/collections/{collectionId}/queryables", new Entry(w -> get("/ogc/collections/reports/queryables"),
                anySignedIn(200)));
        m.put("GET /api/v1/exports/{file}", new Entry(w -> get("/api/v1/exports/reports.csv"), anySignedIn(200)));
        // The map's clusters are read through each caller's scope; the base map's tiles are open like the
        // app's files (none is configured here: 404 for everyone, never 401).
        m.put("GET /api/v1/map/incidents", new Entry(w -> get("/api/v1/map/incidents?bbox=-180,-85,180,85&zoom=2"),
                anySignedIn(200)));
        m.put("GET /api/v1/map/basemap", new Entry(w -> get("/api/v1/map/basemap"), anySignedIn(200)));
        m.put("GET /basemap/tiles/{z}/{x}/{y}", new Entry(w -> get("/basemap/tiles/0/0/0"), everyoneGets(404)));
        m.put("GET /prometheus", new Entry(w -> get("/prometheus"), adminOnly(200)));
        m.put("GET /api/v1/admin/users", new Entry(w -> get("/api/v1/admin/users"), adminOnly(200)));
        m.put("POST /api/v1/admin/users", new Entry(w -> post("/api/v1/admin/users", () -> "{\"username\":\"new-"
                + UUID.randomUUID().toString().substring(0, 8) + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}"),
                adminOnly(201)));
        m.put("GET /api/v1/admin/users/{username}", new Entry(w -> get("/api/v1/admin/users/" + someUser), adminOnly(200)));
        m.put("POST /api/v1/admin/users/{username}/grants", new Entry(w -> post("/api/v1/admin/users/" + someUser
                + "/grants", () -> "{\"role\":\"monitor\",\"mechanism\":\"m-" + UUID.randomUUID().toString().substring(0, 6)
                + "\"}"), adminOnly(200)));
        m.put("DELETE /api/v1/admin/users/{username}/grants/{grantId}", new Entry(w -> HttpRequest.newBuilder(
                server.getURI().resolve("/api/v1/admin/users/" + someUser + "/grants/" + grantToRevoke(w)))
                .DELETE(), adminOnly(200)));
        m.put("GET /api/v1/admin/audit/verify", new Entry(w -> get("/api/v1/admin/audit/verify"), adminOnly(200)));
        m.put("GET /api/v1/admin/audit", new Entry(w -> get("/api/v1/admin/audit?targetType=report&targetId=" + reportId),
                adminOnly(200)));
        Map<Who, Integer> members = of(401, 200, 200, 200, 200, 200, 404, 404, 404, 404);
        Map<Who, Integer> readers = of(401, 404, 200, 200, 200, 404, 404, 404, 404, 404);
        m.put("GET /api/v1/mechanisms", new Entry(w -> get("/api/v1/mechanisms"), anySignedIn(200)));
        m.put("GET /api/v1/mechanisms/{code}", new Entry(w -> get("/api/v1/mechanisms/" + MECH), members));
        m.put("GET /api/v1/mechanisms/{code}/agenda", new Entry(w -> get("/api/v1/mechanisms/" + MECH + "/agenda"), readers));
        m.put("GET /api/v1/mechanisms/{code}/agenda.html", new Entry(w -> get("/api/v1/mechanisms/" + MECH
                + "/agenda.html"), readers));
        // The meeting pack as PDF: the agenda's readers, each redacted as the agenda is (MeetingPackIT).
        m.put("GET /api/v1/mechanisms/{code}/agenda.pdf", new Entry(w -> get("/api/v1/mechanisms/" + MECH
                + "/agenda.pdf"), readers));
        // The meeting's outcome: the chair's staff alone; the matrix's incident waits in triage, on no
        // level's agenda, so the chair passes the access check and gets 409 naming the item.
        m.put("POST /api/v1/mechanisms/{code}/agenda/outcome", new Entry(w -> post("/api/v1/mechanisms/" + MECH
                + "/agenda/outcome", () -> "{\"items\":[{\"incident\":\"" + incidentId + "\",\"decision\":\"reviewed\"}]}"),
                of(401, 404, 409, 403, 403, 404, 404, 404, 404, 404)));
        // Statistics: the same readers as the agenda (members who see the mechanism's incidents); the
        // internal figures for the chair's staff only (403 to delegates and GIS staff).
        m.put("GET /api/v1/statistics", new Entry(w -> get("/api/v1/statistics?mechanism=" + MECH), readers));
        m.put("GET /api/v1/statistics (audience=internal)", new Entry(w -> get("/api/v1/statistics?mechanism=" + MECH + "&audience=internal"),
                of(401, 404, 200, 403, 403, 404, 404, 404, 404, 404)));
        // The chair's staff list (for assigning): the mechanism's chairs and admins; other members 403.
        m.put("GET /api/v1/mechanisms/{code}/staff", new Entry(w -> get("/api/v1/mechanisms/" + MECH + "/staff"),
                of(401, 403, 200, 403, 403, 200, 404, 404, 404, 404)));
        m.put("POST /api/v1/admin/mechanisms", new Entry(w -> post("/api/v1/admin/mechanisms",
                () -> org.trucewatch.support.TestProtocols.lebanonLike(MECH)), adminOnly(200)));
        m.put("GET /api/v1/queues", new Entry(w -> get("/api/v1/queues"), anySignedIn(200)));
        m.put("GET /api/v1/queues/{queueId}/items", new Entry(w -> get("/api/v1/queues/" + MECH + ".triage/items"), readers));
        m.put("GET /api/v1/queues/{queueId}/events", new Entry(w -> get("/api/v1/queues/" + MECH + ".triage/events"),
                readers, true));
        m.put("GET /api/v1/queues/events", new Entry(w -> get("/api/v1/queues/events"), anySignedIn(200), true));
        m.put("GET /api/v1/incidents/{id}", new Entry(w -> get("/api/v1/incidents/" + incidentId), readers));
        // The incident report document: whoever reads the incident, in the copy the policy gives them (IncidentDocumentIT).
        m.put("GET /api/v1/incidents/{id}/document.{format}", new Entry(w -> get("/api/v1/incidents/" + incidentId
                + "/document.html"), readers));
        // The audit history names the actors: the chair's staff only; delegates and GIS staff see the incident redacted.
        m.put("GET /api/v1/incidents/{id}/audit", new Entry(w -> get("/api/v1/incidents/" + incidentId + "/audit"),
                of(401, 404, 200, 403, 403, 404, 404, 404, 404, 404)));
        Map<Who, Integer> zoneReaders = of(401, 200, 200, 200, 200, 200, 404, 404, 404, 404);
        m.put("GET /api/v1/zones", new Entry(w -> get("/api/v1/zones?mechanism=" + MECH), zoneReaders));
        m.put("GET /api/v1/zones/{code}", new Entry(w -> get("/api/v1/zones/matrix-aor"), zoneReaders));
        m.put("GET /api/v1/zones/{code}/reports", new Entry(w -> get("/api/v1/zones/matrix-aor/reports?within=1000"),
                zoneReaders));
        m.put("POST /api/v1/admin/zones", new Entry(w -> HttpRequest.newBuilder(server.getURI()
                .resolve("/api/v1/admin/zones?name=matrix.geojson")).header("Content-Type", "application/geo+json")
                .POST(HttpRequest.BodyPublishers.ofString(ZONE_FILE)), adminOnly(200)));
        Map<Who, Integer> chairOnly = of(401, 404, 200, 403, 403, 404, 404, 404, 404, 404);
        m.put("GET /api/v1/incidents/{id}/map.png", new Entry(w -> get("/api/v1/incidents/" + incidentId + "/map.png"), readers));
        m.put("PUT /api/v1/incidents/{id}/proposed-action", new Entry(w -> HttpRequest.newBuilder(server.getURI()
                .resolve("/api/v1/incidents/" + incidentId + "/proposed-action")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"text\":\"matrix\"}")), chairOnly));
        // The notable mark: who may record the incident's finding. The withdrawal comes right after the mark
        // above, so the chair has one to withdraw.
        m.put("PUT /api/v1/incidents/{id}/notable", new Entry(w -> HttpRequest.newBuilder(server.getURI()
                .resolve("/api/v1/incidents/" + incidentId + "/notable")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"summary\":\"matrix\",\"publishable\":true}")), chairOnly));
        m.put("DELETE /api/v1/incidents/{id}/notable", new Entry(w -> HttpRequest.newBuilder(server.getURI()
                .resolve("/api/v1/incidents/" + incidentId + "/notable")).DELETE(), chairOnly));
        m.put("POST /api/v1/incidents/{id}/claim", new Entry(w -> post("/api/v1/incidents/" + incidentId + "/claim",
                () -> "{}"), chairOnly));
        m.put("POST /api/v1/incidents/{id}/assign", new Entry(w -> post("/api/v1/incidents/" + incidentId + "/assign",
                () -> "{\"assignee\":\"" + staff + "\"}"), chairOnly));
        m.put("POST /api/v1/incidents/{id}/transitions", new Entry(w -> post("/api/v1/incidents/" + incidentId
                + "/transitions", () -> "{\"to\":\"triaged\"}"), chairOnly));
        // Each incident is answered on its own inside a 200 (BulkActionsIT): an incident nobody may see is 404 there.
        m.put("POST /api/v1/incidents/bulk", new Entry(w -> post("/api/v1/incidents/bulk",
                () -> "{\"action\":\"claim\",\"incidents\":[\"" + UUID.randomUUID() + "\"]}"), anySignedIn(200)));
        // From the triage queue there is nowhere to escalate: the chair passes the access check and gets 409.
        m.put("POST /api/v1/incidents/{id}/escalate", new Entry(w -> post("/api/v1/incidents/" + incidentId + "/escalate",
                () -> "{\"text\":\"matrix\"}"), of(401, 404, 409, 403, 403, 404, 404, 404, 404, 404)));
        // A report that is not part of the incident: the chair passes the access check and learns it is not there.
        Map<Who, Integer> chairThen404 = of(401, 404, 404, 403, 403, 404, 404, 404, 404, 404);
        m.put("POST /api/v1/incidents/{id}/reports/{reportId}/confirm", new Entry(w -> post("/api/v1/incidents/"
                + incidentId + "/reports/" + UUID.randomUUID() + "/confirm", () -> "{}"), chairThen404));
        m.put("POST /api/v1/incidents/{id}/reports/{reportId}/split", new Entry(w -> post("/api/v1/incidents/"
                + incidentId + "/reports/" + UUID.randomUUID() + "/split", () -> "{}"), chairThen404));
        // Merging an incident into itself: the chair passes the access check and gets 409.
        Map<Who, Integer> chairThen409 = of(401, 404, 409, 403, 403, 404, 404, 404, 404, 404);
        m.put("POST /api/v1/incidents/{id}/merge", new Entry(w -> post("/api/v1/incidents/" + incidentId + "/merge",
                () -> "{\"incident\":\"" + incidentId + "\"}"), chairThen409));
        // Held by nobody, or by the asking chair: the chair passes the access check and gets 409.
        m.put("POST /api/v1/incidents/{id}/release-request", new Entry(w -> post("/api/v1/incidents/" + incidentId
                + "/release-request", () -> "{}"), chairThen409));
        m.put("POST /api/v1/incidents/{id}/unmerge", new Entry(w -> post("/api/v1/incidents/" + incidentId + "/unmerge",
                () -> "{\"incident\":\"" + incidentId + "\"}"), chairThen409));
        // Notices and their settings: each caller's own.
        m.put("GET /api/v1/notifications", new Entry(w -> get("/api/v1/notifications"), anySignedIn(200)));
        m.put("POST /api/v1/notifications/read", new Entry(w -> post("/api/v1/notifications/read", () -> "{}"),
                anySignedIn(200)));
        m.put("GET /api/v1/notifications/preferences", new Entry(w -> get("/api/v1/notifications/preferences"),
                anySignedIn(200)));
        m.put("PUT /api/v1/notifications/preferences", new Entry(w -> HttpRequest.newBuilder(server.getURI()
                .resolve("/api/v1/notifications/preferences")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"minSeverity\":4}")), anySignedIn(200)));
        // Saved filters: each caller's own; a fresh name is 201, an id nobody of theirs has is 404.
        m.put("GET /api/v1/me/filters", new Entry(w -> get("/api/v1/me/filters"), anySignedIn(200)));
        m.put("POST /api/v1/me/filters", new Entry(w -> post("/api/v1/me/filters", () -> "{\"page\":\"queue\",\"name\":\""
                + UUID.randomUUID() + "\",\"query\":\"sort=deadline\"}"), anySignedIn(201)));
        m.put("DELETE /api/v1/me/filters/{id}", new Entry(w -> HttpRequest.newBuilder(server.getURI()
                .resolve("/api/v1/me/filters/" + Long.MAX_VALUE)).DELETE(), anySignedIn(404)));
        // Issued periodic reports: the mechanism's readers list them; only its chairs issue one.
        m.put("GET /api/v1/mechanisms/{code}/reports", new Entry(w -> get("/api/v1/mechanisms/" + MECH + "/reports"),
                readers));
        m.put("GET /api/v1/mechanisms/{code}/reports/{file}", new Entry(w -> get("/api/v1/mechanisms/" + MECH + "/reports/"
                + UUID.randomUUID() + ".csv"), of(401, 404, 404, 404, 404, 404, 404, 404, 404, 404)));
        m.put("POST /api/v1/mechanisms/{code}/reports", new Entry(w -> post("/api/v1/mechanisms/" + MECH + "/reports",
                () -> "{\"kind\":\"monthly\",\"period\":\"2020-01\"}"), of(401, 404, 201, 403, 403, 404, 404, 404, 404, 404)));
        // A file for a report: its author only, while it may be corrected.
        m.put("PUT /api/v1/reports/{id}/attachments/{name}", new Entry(w -> HttpRequest.newBuilder(server.getURI()
                .resolve("/api/v1/reports/" + reportId + "/attachments/matrix-" + w.name().toLowerCase() + ".jpg"))
                .header("Content-Type", "image/jpeg").PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})),
                of(401, 404, 403, 403, 403, 404, 404, 404, 404, 404)));
        m.put("POST /api/v1/incidents/{id}/comments", new Entry(w -> post("/api/v1/incidents/" + incidentId + "/comments",
                () -> "{\"text\":\"matrix\"}"), chairOnly));
        m.put("POST /api/v1/incidents/{id}/positions", new Entry(w -> post("/api/v1/incidents/" + incidentId
                + "/positions", () -> "{\"party\":\"PARTY-A\",\"position\":\"accepts\"}"),
                of(401, 404, 200, 200, 403, 404, 404, 404, 404, 404)));
        // Mobile forms (OpenRosa): every error on these paths is an OpenRosa response message, as devices expect.
        m.put("GET /formList", new Entry(w -> get("/formList"), anySignedIn(200), false, true));
        Map<Who, Integer> reporters = of(401, 200, 200, 404, 404, 404, 404, 404, 404, 404);
        m.put("GET /forms/{file}", new Entry(w -> get("/forms/trucewatch-" + MECH + ".xml"), reporters, false, true));
        m.put("POST /submission", new Entry(w -> submit(), of(401, 201, 201, 403, 403, 403, 403, 403, 403, 403),
                false, true));
        m.put("GET /api/v1/reports/{id}/attachments", new Entry(w -> get("/api/v1/reports/" + attachedReportId
                + "/attachments"), of(401, 404, 200, 403, 403, 404, 404, 404, 404, 404)));
        m.put("GET /api/v1/reports/{id}/attachments/{name}", new Entry(w -> get("/api/v1/reports/" + attachedReportId
                + "/attachments/p.jpg"), of(401, 404, 200, 403, 403, 404, 404, 404, 404, 404)));
        return m;
    }

    /** A fresh grant for the admin to revoke; others get a random id (they are refused before it is looked up). */
    private String grantToRevoke(Who who) {
        if (who != Who.ADMIN) {
            return UUID.randomUUID().toString();
        }
        var view = access.grant("test", someUser, new Grant(null, "monitor", "revoke-" + UUID.randomUUID().toString()
                .substring(0, 6), null, null, null));
        return view.grants().get(view.grants().size() - 1).id().toString();
    }

    @Test
    void everyRouteHasAnEntry() {
        TreeSet<String> routes = new TreeSet<>();
        router.uriRoutes().forEach(r -> routes.add(r.getHttpMethodName() + " " + r.getUriMatchTemplate().toPathString()));
        routes.removeIf(r -> r.startsWith("HEAD ") || r.startsWith("OPTIONS "));
        assertThat(matrix().keySet()).as("routes without an entry in the authorization matrix")
                .containsAll(routes);
    }

    @Test
    void everyCallerGetsTheExpectedStatusOnEveryRoute() {
        List<String> wrong = new ArrayList<>();
        matrix().forEach((route, entry) -> entry.expected().forEach((who, status) -> {
            if (entry.stream()) {
                int got = callers.get(who).status(entry.request().apply(who));
                if (got != status) {
                    wrong.add(route + " as " + who + ": expected " + status + ", got " + got);
                }
                return;
            }
            Api.Answer answer = callers.get(who).send(entry.request().apply(who));
            if (answer.status() != status) {
                wrong.add(route + " as " + who + ": expected " + status + ", got " + answer.status() + " " + answer.body());
            }
            // On OpenRosa paths every error is an OpenRosa message, the security filter's 401 included (issue 15).
            if (answer.status() >= 400 && entry.openRosa()) {
                assertThat(answer.contentType()).as(route + " as " + who).startsWith("text/xml");
                assertThat(answer.body()).as(route + " as " + who).contains("<OpenRosaResponse");
            } else if (answer.status() >= 400) {
                assertThat(answer.contentType()).as(route + " as " + who).startsWith("application/problem+json");
            }
        }));
        assertThat(wrong).isEmpty();
    }
}

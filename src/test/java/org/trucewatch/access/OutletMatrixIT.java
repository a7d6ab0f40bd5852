package org.trucewatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.admin;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.gis.Layer;
import org.trucewatch.gis.LayerRegistry;
import org.trucewatch.gis.GeometryKind;
import org.trucewatch.gis.export.ExportFormat;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Multipart;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;
import org.trucewatch.zones.ImportZonesCommand;
import org.trucewatch.zones.ZoneService;

/**
 * Every outlet × every kind of reader × a normal and a sensitive incident of the reader's
 * own mechanism and of another: what each reader gets, field by field. For each record the
 * table below says how much a reader may see (FULL, REDACTED, NONE); the test then asserts,
 * on the raw bytes each outlet sends (bodies, event-stream frames, file contents, unzipped),
 * that a record listed to a reader is there, that one hidden from them leaves no id behind,
 * that every {@link ConfidentialField} the outlet carries is there in full and absent from a
 * redacted view, and that no reader who may not see sensitive records ever meets a sensitive
 * category's code. A GET route, layer or export format without an entry here fails the
 * test, and so does a new {@link ConfidentialField} (the switch over it has no default).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutletMatrixIT implements PostgisFixture {
    static final String OWN = "outlet-own";
    static final String OTHER = "outlet-other";
    static final List<String> SENSITIVE_CODES = List.of("SEXUAL_VIOLENCE", "CHILD_RECRUITMENT");

    enum Who { MONITOR, CHAIR, DELEGATE, GIS, ADMIN, OTHER_MONITOR, OTHER_CHAIR, OTHER_DELEGATE }

    /** What an outlet is about: reports or incidents (a reader's visibility of the record is of that kind). */
    enum Kind { REPORT, INCIDENT }

    /** One record of the fixture: a report and the incident it opened, with its own secrets. */
    record Fixture(String name, String mechanism, boolean sensitive, String category, String reportId,
                   String incidentId, String sourceIdentity, String sourceNotes, String observerLon, String comment,
                   String mediaName) {
    }

    /**
     * One outlet: how a reader fetches it (all the text it sends), what it lists, which
     * confidential fields it carries for a reader who sees in full. A per-record outlet is
     * fetched once per record, and answers 404 for a record the reader may not see at all.
     */
    record Outlet(String route, Kind about, boolean lists, Set<ConfidentialField> carries, boolean perRecord,
                  BiFunction<Who, Fixture, String> fetch) {
    }

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    Router router;
    @Inject
    MechanismService mechanisms;
    @Inject
    ZoneService zones;
    @Inject
    LayerRegistry layers;
    @Inject
    List<ExportFormat> formats;

    final Map<Who, Api> callers = new EnumMap<>(Who.class);
    final Map<Who, String> names = new EnumMap<>(Who.class);
    final List<Fixture> fixtures = new ArrayList<>();
    final Map<Who, Frames> streams = new EnumMap<>(Who.class);
    final List<java.util.concurrent.CompletableFuture<?>> open = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void setUp() {
        Api anonymous = new Api(server.getURI());
        TestUsers users = new TestUsers(access, anonymous);
        // Sector West's area of responsibility is this test's own zone: reports in it are routed to that team.
        mechanisms.load(TestProtocols.lebanonLike(OWN).replace("\"lb-sector-west\"", "\"" + OWN + "-aor\""), "test");
        mechanisms.load(TestProtocols.lebanonLike(OTHER).replace("\"lb-sector-west\"", "\"" + OTHER + "-aor\""), "test");
        importArea(OWN, 20);
        importArea(OTHER, 21);
        Map<Who, org.trucewatch.access.Grant> grants = Map.of(Who.MONITOR, grant("monitor", OWN),
                Who.CHAIR, grant("chair", OWN), Who.DELEGATE, delegate(OWN, "PARTY-A"), Who.GIS, grant("gis_analyst", OWN),
                Who.ADMIN, admin(), Who.OTHER_MONITOR, grant("monitor", OTHER), Who.OTHER_CHAIR, grant("chair", OTHER),
                Who.OTHER_DELEGATE, delegate(OTHER, "PARTY-B"));
        for (Who who : Who.values()) {
            names.put(who, users.create(who.name().toLowerCase().replace('_', '-'), grants.get(who)));
            callers.put(who, users.signIn(names.get(who)));
        }
        fixtures.add(report(Who.MONITOR, "own-normal", OWN, false, "EXPLOSION", 20.05));
        fixtures.add(report(Who.MONITOR, "own-sensitive", OWN, true, "SEXUAL_VIOLENCE", 20.06));
        fixtures.add(report(Who.OTHER_MONITOR, "other-normal", OTHER, false, "ARMED_PRESENCE", 21.05));
        fixtures.add(report(Who.OTHER_MONITOR, "other-sensitive", OTHER, true, "CHILD_RECRUITMENT", 21.06));
        fixtures.add(withMedia());
        for (Fixture f : fixtures) {
            Api chair = callers.get(f.mechanism().equals(OWN) ? Who.CHAIR : Who.OTHER_CHAIR);
            String base = "/api/v1/incidents/" + f.incidentId();
            expectOk(chair.post(base + "/claim", "application/json", "{}"));
            expectOk(chair.post(base + "/comments", "application/json", "{\"text\":\"" + f.comment() + "\"}"));
            for (String to : List.of("triaged", "under_verification")) {
                expectOk(chair.post(base + "/transitions", "application/json", "{\"to\":\"" + to + "\"}"));
            }
            expectOk(chair.post(base + "/transitions", "application/json",
                    "{\"to\":\"finding_recorded\",\"finding\":\"inconclusive\",\"summary\":\"public summary\"}"));
            // Marked notable: who marked it is the chair's staff's (STAFF_IDENTITY) wherever the incident goes.
            expectOk(chair.put(base + "/notable", "application/json", "{\"summary\":\"notable summary\",\"publishable\":true}"));
        }
        for (Who who : Who.values()) {
            subscribe(who);
        }
        // Changes after every stream is open: the sensitive ones first, then one each reader of a
        // mechanism may see, which arrives only after every earlier change was judged for them.
        for (Fixture f : List.of(fixture("own-sensitive"), fixture("other-sensitive"), fixture("own-media"),
                fixture("own-normal"), fixture("other-normal"))) {
            Api chair = callers.get(f.mechanism().equals(OWN) ? Who.CHAIR : Who.OTHER_CHAIR);
            expectOk(chair.post("/api/v1/incidents/" + f.incidentId() + "/comments", "application/json",
                    "{\"text\":\"" + f.comment() + "\"}"));
        }
        awaitStreams();
    }

    @AfterAll
    void closeStreams() {
        open.forEach(f -> f.cancel(true));
    }

    private void importArea(String mechanism, double lon) {
        String file = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\""
                + mechanism + "-aor\",\"type\":\"area_of_responsibility\",\"mechanism\":\"" + mechanism
                + "\",\"name\":{\"en\":\"Outlet\"},\"team\":\"sector-west\",\"level\":\"tripartite\",\"validFrom\":"
                + "\"2020-01-01T00:00:00Z\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" + lon + "," + lon
                + "],[" + (lon + 0.2) + "," + lon + "],[" + (lon + 0.2) + "," + (lon + 0.2) + "],[" + lon + ","
                + (lon + 0.2) + "],[" + lon + "," + lon + "]]]}}]}";
        zones.importZones(new ImportZonesCommand(mechanism + ".geojson", file.getBytes(StandardCharsets.UTF_8), null,
                null, false, null, "test"));
    }

    private Fixture report(Who monitor, String name, String mechanism, boolean sensitive, String category, double at) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String observerLon = String.valueOf(at + 0.012345);
        String json = ReportJson.valid().point(at, at).withText("mechanism", mechanism).withText("category", category)
                .with("observerLocation", "[" + observerLon + "," + (at + 0.011111) + "]")
                .with("bearingDeg", "45").with("estimatedDistanceM", "1500")
                .withText("description", "what was seen " + name)
                .with("source", "{\"type\":\"DIRECT_OBSERVATION\",\"reliability\":\"B\",\"credibility\":2,"
                        + "\"identity\":\"secret-identity-" + tag + "\",\"notes\":\"secret-notes-" + tag + "\"}").json();
        Api.Answer answer = callers.get(monitor).post("/api/v1/reports", "application/geo+json", json);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        String reportId = answer.json().path("id").asText();
        return new Fixture(name, mechanism, sensitive, category, reportId, incidentOf(reportId), "secret-identity-" + tag,
                "secret-notes-" + tag, observerLon, "secret-comment-" + tag, null);
    }

    /** A normal report of the own mechanism sent over OpenRosa with a photo: the media outlets' record. */
    private Fixture withMedia() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String photo = "secret-photo-" + tag + ".jpg";
        String xml = "<data id=\"trucewatch-" + OWN + "\"><location>20.07 20.07 0 5</location>"
                + "<observed_at>2026-01-01T10:00:00.000+02:00</observed_at><category>INDIRECT_FIRE</category>"
                + "<photo1>" + photo + "</photo1><meta><instanceID>uuid:" + UUID.randomUUID() + "</instanceID></meta></data>";
        Multipart m = new Multipart().xml(xml).file(photo, "image/jpeg", ("jpeg-bytes-" + tag).getBytes(StandardCharsets.UTF_8));
        Api.Answer answer = callers.get(Who.MONITOR).postBytes("/submission", m.contentType(), m.bytes());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        String reportId = answer.header("Location").replace("/api/v1/reports/", "");
        return new Fixture("own-media", OWN, false, "INDIRECT_FIRE", reportId, incidentOf(reportId), null, null, null,
                "secret-comment-" + tag, photo);
    }

    private static String incidentOf(String reportId) {
        return Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?", UUID.fromString(reportId));
    }

    private Fixture fixture(String name) {
        return fixtures.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    private static void expectOk(Api.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    /** The lines one event stream has sent so far, and a wait for the next ones, with a deadline. */
    static final class Frames {
        private final List<String> seen = new CopyOnWriteArrayList<>();
        private final BlockingQueue<String> arriving = new LinkedBlockingQueue<>();

        void arrived(String line) {
            arriving.add(line);
        }

        /** Takes the lines as they arrive until one is {@code wanted}; fails at the deadline. */
        void await(Predicate<String> wanted, Instant deadline, String what) {
            arriving.drainTo(seen);
            try {
                while (seen.stream().noneMatch(wanted)) {
                    long left = Duration.between(Instant.now(), deadline).toMillis();
                    String line = left > 0 ? arriving.poll(left, TimeUnit.MILLISECONDS) : null;
                    assertThat(line).as(what + "; it got " + seen).isNotNull();
                    seen.add(line);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        String text() {
            arriving.drainTo(seen);
            return String.join("\n", seen);
        }
    }

    private void subscribe(Who who) {
        Frames frames = new Frames();
        streams.put(who, frames);
        HttpRequest request = HttpRequest.newBuilder(server.getURI().resolve("/api/v1/queues/events"))
                .header("Authorization", "Bearer " + callers.get(who).bearerToken()).GET().build();
        open.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body().forEach(frames::arrived)));
        frames.await(l -> l.startsWith("event:") && l.contains("open"), Instant.now().plusSeconds(10),
                "the stream of " + who + " opens");
    }

    /** Waits until every reader who may see a normal incident has its last change: earlier ones were judged by then. */
    private void awaitStreams() {
        Instant deadline = Instant.now().plusSeconds(20);
        for (Who who : Who.values()) {
            for (Fixture f : List.of(fixture("own-normal"), fixture("other-normal"))) {
                if (expected(who, f, Kind.INCIDENT) == Visibility.NONE) {
                    continue;
                }
                streams.get(who).await(l -> l.contains(f.incidentId()), deadline,
                        "the change of " + f.name() + " (" + f.incidentId() + ") reaches " + who);
            }
        }
    }

    /** The policy as the product states it (docs/security.md), written out for these readers. */
    static Visibility expected(Who who, Fixture f, Kind kind) {
        boolean own = f.mechanism().equals(OWN);
        return switch (who) {
            case MONITOR -> kind == Kind.REPORT && own ? Visibility.FULL : Visibility.NONE;
            case OTHER_MONITOR -> kind == Kind.REPORT && !own ? Visibility.FULL : Visibility.NONE;
            case CHAIR -> own ? Visibility.FULL : Visibility.NONE;
            case OTHER_CHAIR -> own ? Visibility.NONE : Visibility.FULL;
            case DELEGATE, GIS -> own && !f.sensitive() ? Visibility.REDACTED : Visibility.NONE;
            case OTHER_DELEGATE -> !own && !f.sensitive() ? Visibility.REDACTED : Visibility.NONE;
            case ADMIN -> Visibility.NONE;
        };
    }

    /**
     * The status of a per-record outlet (as AuthorizationMatrixIT states it per role): 404 for a
     * record the reader may not see; 403 from an outlet for full readers only (attachments, audit)
     * to a reader who sees the record redacted; otherwise 200.
     */
    static int recordStatus(Who who, Fixture f, Kind kind, boolean fullReadersOnly) {
        Visibility v = expected(who, f, kind);
        return v == Visibility.NONE ? 404 : v == Visibility.REDACTED && fullReadersOnly ? 403 : 200;
    }

    /** A mechanism's agenda: its chairs, delegates and GIS analysts read it; to anyone else it does not exist. */
    static int agendaStatus(Who who, String mechanism) {
        boolean reader = who != Who.MONITOR && who != Who.OTHER_MONITOR && who != Who.ADMIN;
        return reader && mechanismOf(who).equals(mechanism) ? 200 : 404;
    }

    /** A mechanism's zone: anyone with a grant in the mechanism, and admins, read it; to anyone else it does not exist. */
    static int zoneStatus(Who who, String mechanism) {
        return who == Who.ADMIN || mechanismOf(who).equals(mechanism) ? 200 : 404;
    }

    /** The mechanism a reader holds a grant in (none for the admin). */
    static String mechanismOf(Who who) {
        return switch (who) {
            case MONITOR, CHAIR, DELEGATE, GIS -> OWN;
            case OTHER_MONITOR, OTHER_CHAIR, OTHER_DELEGATE -> OTHER;
            case ADMIN -> "";
        };
    }

    /** The value of a confidential field in a record, as it shows in an outlet that carries it (null: it has none). */
    String secret(ConfidentialField field, Fixture f) {
        Who monitor = f.mechanism().equals(OWN) ? Who.MONITOR : Who.OTHER_MONITOR;
        Who chair = f.mechanism().equals(OWN) ? Who.CHAIR : Who.OTHER_CHAIR;
        return switch (field) {
            case SOURCE_IDENTITY -> f.sourceIdentity();
            case SOURCE_NOTES -> f.sourceNotes();
            case MONITOR_IDENTITY -> names.get(monitor);
            case OBSERVER_LOCATION -> f.observerLon();
            case STAFF_IDENTITY -> names.get(chair);
            case STAFF_NOTES -> f.comment();
            case MEDIA -> f.mediaName() == null ? null : "jpeg-bytes-" + f.mediaName().substring(13, 21);
            case AUDIT_TRAIL -> "incident.comment";
        };
    }

    private List<Outlet> outlets() {
        Set<ConfidentialField> report = Set.of(ConfidentialField.SOURCE_IDENTITY, ConfidentialField.SOURCE_NOTES,
                ConfidentialField.MONITOR_IDENTITY, ConfidentialField.OBSERVER_LOCATION);
        Set<ConfidentialField> incident = Set.of(ConfidentialField.STAFF_IDENTITY, ConfidentialField.STAFF_NOTES,
                ConfidentialField.MONITOR_IDENTITY);
        Set<ConfidentialField> incidentRow = Set.of(ConfidentialField.STAFF_IDENTITY, ConfidentialField.MONITOR_IDENTITY);
        List<Outlet> out = new ArrayList<>();
        out.add(new Outlet("GET /api/v1/reports", Kind.REPORT, true, report, false,
                (w, f) -> get(w, "/api/v1/reports?limit=1000", 200)));
        // Counts, never records: grouped by category, so each fixture's category is counted in it.
        out.add(new Outlet("GET /api/v1/statistics", Kind.INCIDENT, false, Set.of(), false,
                (w, f) -> get(w, "/api/v1/statistics?mechanism=" + OWN + "&groupBy=category", agendaStatus(w, OWN))
                        + get(w, "/api/v1/statistics?mechanism=" + OTHER + "&groupBy=category", agendaStatus(w, OTHER))
                        + get(w, "/api/v1/statistics?mechanism=" + OWN + "&groupBy=category&audience=public", agendaStatus(w, OWN))));
        out.add(new Outlet("GET /api/v1/reports/{id}", Kind.REPORT, false, report, true,
                (w, f) -> get(w, "/api/v1/reports/" + f.reportId(), recordStatus(w, f, Kind.REPORT, false))));
        out.add(new Outlet("GET /api/v1/reports/{id}/revisions", Kind.REPORT, false, report, true,
                (w, f) -> get(w, "/api/v1/reports/" + f.reportId() + "/revisions",
                        recordStatus(w, f, Kind.REPORT, false))));
        out.add(new Outlet("GET /api/v1/reports/{id}/attachments", Kind.REPORT, false, Set.of(), true,
                (w, f) -> get(w, "/api/v1/reports/" + f.reportId() + "/attachments",
                        recordStatus(w, f, Kind.REPORT, true))));
        out.add(new Outlet("GET /api/v1/reports/{id}/attachments/{name}", Kind.REPORT, false, Set.of(ConfidentialField.MEDIA), true,
                (w, f) -> f.mediaName() == null ? "" : get(w, "/api/v1/reports/" + f.reportId() + "/attachments/"
                        + f.mediaName(), recordStatus(w, f, Kind.REPORT, true))));
        out.add(new Outlet("GET /api/v1/incidents/{id}", Kind.INCIDENT, false, incident, true,
                (w, f) -> get(w, "/api/v1/incidents/" + f.incidentId(),
                        recordStatus(w, f, Kind.INCIDENT, false))));
        // The incident report document: the incident and its reports as the reader sees them, as HTML.
        out.add(new Outlet("GET /api/v1/incidents/{id}/document.{format}", Kind.INCIDENT, false,
                Set.of(ConfidentialField.SOURCE_IDENTITY, ConfidentialField.SOURCE_NOTES, ConfidentialField.STAFF_NOTES), true,
                (w, f) -> get(w, "/api/v1/incidents/" + f.incidentId() + "/document.html",
                        recordStatus(w, f, Kind.INCIDENT, false))));
        out.add(new Outlet("GET /api/v1/incidents/{id}/audit", Kind.INCIDENT, false,
                Set.of(ConfidentialField.AUDIT_TRAIL, ConfidentialField.STAFF_IDENTITY), true,
                (w, f) -> get(w, "/api/v1/incidents/" + f.incidentId() + "/audit",
                        recordStatus(w, f, Kind.INCIDENT, true))));
        out.add(new Outlet("GET /api/v1/queues", Kind.INCIDENT, false, Set.of(), false,
                (w, f) -> get(w, "/api/v1/queues", 200)));
        out.add(new Outlet("GET /api/v1/queues/{queueId}/items", Kind.INCIDENT, true, incidentRow, false, (w, f) -> {
            StringBuilder all = new StringBuilder();
            callers.get(w).get("/api/v1/queues").json().forEach(q -> all.append(get(w, "/api/v1/queues/"
                    + q.path("id").asText() + "/items?limit=1000", 200)));
            return all.toString();
        }));
        out.add(new Outlet("GET /api/v1/queues/events", Kind.INCIDENT, true, Set.of(), false,
                (w, f) -> streams.get(w).text()));
        // The agenda's items carry their reports' sources (identity, notes, monitor), not the history.
        Set<ConfidentialField> agendaItem = Set.of(ConfidentialField.SOURCE_IDENTITY, ConfidentialField.SOURCE_NOTES,
                ConfidentialField.MONITOR_IDENTITY);
        out.add(new Outlet("GET /api/v1/mechanisms/{code}/agenda", Kind.INCIDENT, true, agendaItem, false,
                (w, f) -> get(w, "/api/v1/mechanisms/" + OWN + "/agenda", agendaStatus(w, OWN))
                        + get(w, "/api/v1/mechanisms/" + OTHER + "/agenda", agendaStatus(w, OTHER))));
        out.add(new Outlet("GET /api/v1/mechanisms/{code}/agenda.html", Kind.INCIDENT, false, Set.of(), false,
                (w, f) -> get(w, "/api/v1/mechanisms/" + OWN + "/agenda.html", agendaStatus(w, OWN))
                        + get(w, "/api/v1/mechanisms/" + OTHER + "/agenda.html", agendaStatus(w, OTHER))));
        // The meeting pack, read as pdftotext reads it: the sources' identity and notes for the chair alone.
        out.add(new Outlet("GET /api/v1/mechanisms/{code}/agenda.pdf", Kind.INCIDENT, false,
                Set.of(ConfidentialField.SOURCE_IDENTITY, ConfidentialField.SOURCE_NOTES), false,
                (w, f) -> pdfText(w, "/api/v1/mechanisms/" + OWN + "/agenda.pdf", agendaStatus(w, OWN))
                        + pdfText(w, "/api/v1/mechanisms/" + OTHER + "/agenda.pdf", agendaStatus(w, OTHER))));
        out.add(new Outlet("GET /api/v1/incidents/{id}/map.png", Kind.INCIDENT, false, Set.of(), true,
                (w, f) -> get(w, "/api/v1/incidents/" + f.incidentId() + "/map.png",
                        recordStatus(w, f, Kind.INCIDENT, false))));
        out.add(new Outlet("GET /api/v1/zones/{code}/reports", Kind.REPORT, true, Set.of(), false,
                (w, f) -> get(w, "/api/v1/zones/" + OWN + "-aor/reports?limit=1000", zoneStatus(w, OWN))
                        + get(w, "/api/v1/zones/" + OTHER + "-aor/reports?limit=1000", zoneStatus(w, OTHER))));
        out.add(new Outlet("GET /api/v1/zones/{code}", Kind.REPORT, false, Set.of(), false,
                (w, f) -> get(w, "/api/v1/zones/" + OWN + "-aor", zoneStatus(w, OWN))
                        + get(w, "/api/v1/zones/" + OTHER + "-aor", zoneStatus(w, OTHER))));
        // The web map: at the finest grid every incident is a feature of its own (its id listed); the
        // clusters and heat cells of a coarse grid are counts of the same rows.
        out.add(new Outlet("GET /api/v1/map/incidents", Kind.INCIDENT, true, Set.of(), false,
                (w, f) -> get(w, "/api/v1/map/incidents?bbox=-180,-85,180,85&zoom=24", 200)));
        out.add(new Outlet("GET /api/v1/map/incidents clusters", Kind.INCIDENT, false, Set.of(), false,
                (w, f) -> get(w, "/api/v1/map/incidents?bbox=-180,-85,180,85&zoom=0", 200)
                        + get(w, "/api/v1/map/incidents?bbox=-180,-85,180,85&zoom=0&view=heat", 200)));
        for (Layer layer : layers.all()) {
            // Per-geometry-kind layers (reports-points, …) are their layer's rows of one kind; every record
            // of the fixture is a point, so the -lines and -areas layers list none (and must leak none).
            String family = layer.id().split("-")[0];
            boolean records = !family.equals("zones");
            boolean lists = records && layer.geometryKind().map(k -> k == GeometryKind.POINTS).orElse(true);
            Kind kind = family.equals("reports") ? Kind.REPORT : Kind.INCIDENT;
            Set<ConfidentialField> carries = !lists ? Set.of() : kind == Kind.REPORT
                    ? Set.of(ConfidentialField.SOURCE_IDENTITY, ConfidentialField.SOURCE_NOTES,
                    ConfidentialField.MONITOR_IDENTITY) : Set.of(ConfidentialField.STAFF_IDENTITY);
            String items = "/ogc/collections/" + layer.id() + "/items";
            out.add(new Outlet("GET /ogc/collections/{collectionId} " + layer.id(), kind, false, Set.of(), false,
                    (w, f) -> get(w, "/ogc/collections/" + layer.id(), 200)));
            out.add(new Outlet("GET /ogc/collections/{collectionId}/queryables " + layer.id(), kind, false, Set.of(), false,
                    (w, f) -> get(w, "/ogc/collections/" + layer.id() + "/queryables", 200)));
            out.add(new Outlet("GET /ogc/collections/{collectionId}/schema " + layer.id(), kind, false, Set.of(), false,
                    (w, f) -> get(w, "/ogc/collections/" + layer.id() + "/schema", 200)));
            out.add(new Outlet("GET /ogc/collections/{collectionId}/items " + layer.id(), kind, lists, carries, false,
                    (w, f) -> get(w, items + "?limit=10000", 200)));
            // The HTML face of the same routes (f=html): written from the same redacted features.
            out.add(new Outlet("GET /ogc/collections/{collectionId} " + layer.id() + " html", kind, false, Set.of(), false,
                    (w, f) -> get(w, "/ogc/collections/" + layer.id() + "?f=html", 200)));
            out.add(new Outlet("GET /ogc/collections/{collectionId}/items " + layer.id() + " html", kind, lists, carries,
                    false, (w, f) -> get(w, items + "?limit=10000&f=html", 200)));
            if (lists) {
                out.add(new Outlet("GET /ogc/collections/{collectionId}/items/{featureId} " + layer.id(), kind, false,
                        carries, true, (w, f) -> get(w, items + "/" + (kind == Kind.REPORT ? f.reportId() : f.incidentId()),
                        recordStatus(w, f, kind, false))));
                out.add(new Outlet("GET /ogc/collections/{collectionId}/items/{featureId} " + layer.id() + " html", kind,
                        false, carries, true, (w, f) -> get(w, items + "/" + (kind == Kind.REPORT ? f.reportId()
                        : f.incidentId()) + "?f=html", recordStatus(w, f, kind, false))));
            }
            for (ExportFormat format : formats) {
                out.add(new Outlet("GET /api/v1/exports/{file} " + layer.id() + "." + format.extension(), kind, lists,
                        carries, false, (w, f) -> file(w, "/api/v1/exports/" + layer.id() + "." + format.extension())));
            }
        }
        return out;
    }

    /**
     * Outlets that name the sensitive categories to every member of a mechanism, with the reason:
     * they show those categories as counts, never as records (StatisticsIT checks what they show).
     */
    static final Map<String, String> COUNTS_OF_SENSITIVE_CATEGORIES = Map.of("GET /api/v1/statistics",
            "sensitive categories appear to delegates and GIS staff as counts (docs/security.md, \"Numbers\")");

    /** GET routes that serve no report or incident data, each with the reason. */
    static final Map<String, String> RECORD_FREE = Map.ofEntries(
            Map.entry("GET /", "redirect to the app"),
            Map.entry("GET /health", "service health"), Map.entry("GET /health/{selector}", "service health"),
            Map.entry("GET /prometheus", "metrics, admins only"),
            Map.entry("GET /problems", "problem catalogue"), Map.entry("GET /problems/{code}", "problem catalogue"),
            Map.entry("GET /api/v1/me", "the caller's own grants"),
            Map.entry("GET /api/v1/taxonomy", "the published category list (reference, no records)"),
            Map.entry("GET /api/v1/vocabulary", "statuses, findings, positions and their labels (reference, no records)"),
            Map.entry("GET /api/v1/mechanisms", "protocols"), Map.entry("GET /api/v1/mechanisms/{code}", "protocols"),
            Map.entry("GET /api/v1/mechanisms/{code}/staff", "the chair's staff list, for chairs"),
            Map.entry("GET /api/v1/zones", "zones, no records"),
            Map.entry("GET /api/v1/admin/users", "users"), Map.entry("GET /api/v1/admin/users/{username}", "users"),
            Map.entry("GET /api/v1/admin/audit/verify", "chain check, admins only"),
            Map.entry("GET /api/v1/admin/audit", "the whole audit log, admins only"),
            Map.entry("GET /api/v1/queues/{queueId}/events", "the same stream as /api/v1/queues/events, one queue"),
            Map.entry("GET /ogc", "landing page"), Map.entry("GET /ogc/api", "API definition"),
            Map.entry("GET /ogc/api.html", "API definition"), Map.entry("GET /ogc/conformance", "conformance"),
            Map.entry("GET /ogc/collections", "collection list"),
            Map.entry("GET /api/v1/map/basemap", "the base map's settings (TileJSON)"),
            Map.entry("GET /basemap/tiles/{z}/{x}/{y}", "base map tiles (map data, no records)"),
            Map.entry("GET /formList", "form list"), Map.entry("GET /forms/{file}", "form definitions"),
            Map.entry("GET /api/v1/notifications", "the caller's own notices: reference, category and severity of incidents "
                    + "the access policy's incidents() lets them see, no text or source (NotificationIT)"),
            Map.entry("GET /api/v1/notifications/preferences", "the caller's own settings"),
            Map.entry("GET /api/v1/me/filters", "the caller's own saved filters: names and query texts they wrote (SavedFilterIT)"),
            Map.entry("GET /api/v1/mechanisms/{code}/reports", "the list of issued reports: periods, versions, digests"),
            Map.entry("GET /api/v1/mechanisms/{code}/reports/{file}", "an issued report's figures, in the audience the "
                    + "access policy gives the caller, small cells suppressed for the public (MonthlyReportIT)"));

    @Test
    void everyGetRouteLayerAndFormatHasAnEntry() {
        TreeSet<String> routes = new TreeSet<>();
        router.uriRoutes().forEach(r -> routes.add(r.getHttpMethodName() + " " + r.getUriMatchTemplate().toPathString()));
        routes.removeIf(r -> !r.startsWith("GET "));
        Set<String> covered = new TreeSet<>(RECORD_FREE.keySet());
        outlets().forEach(o -> covered.add(o.route().split(" ")[0] + " " + o.route().split(" ")[1]));
        assertThat(covered).as("GET routes neither in the outlet matrix nor declared free of records").containsAll(routes);
        for (Layer layer : layers.all()) {
            for (ExportFormat format : formats) {
                assertThat(outlets()).extracting(Outlet::route)
                        .contains("GET /api/v1/exports/{file} " + layer.id() + "." + format.extension());
            }
        }
        for (ConfidentialField field : ConfidentialField.values()) {
            assertThat(fixtures).as("a record holds " + field).anySatisfy(f -> assertThat(secret(field, f)).isNotNull());
            assertThat(outlets()).as("an outlet carries " + field).anySatisfy(o -> assertThat(o.carries()).contains(field));
        }
    }

    @Test
    void everyReaderGetsFromEveryOutletExactlyWhatThePolicySays() {
        List<String> wrong = new ArrayList<>();
        for (Outlet outlet : outlets()) {
            for (Who who : Who.values()) {
                String whole = outlet.perRecord() ? null : outlet.fetch().apply(who, null);
                for (Fixture f : fixtures) {
                    String text = whole != null ? whole : outlet.fetch().apply(who, f);
                    check(outlet, who, f, text, wrong);
                }
                if (Set.of(Who.DELEGATE, Who.GIS, Who.OTHER_DELEGATE, Who.ADMIN).contains(who)
                        && !COUNTS_OF_SENSITIVE_CATEGORIES.containsKey(outlet.route())) {
                    for (Fixture f : fixtures) {
                        String text = whole != null ? whole : outlet.fetch().apply(who, f);
                        SENSITIVE_CODES.stream().filter(text::contains).forEach(code -> wrong.add(outlet.route() + " as "
                                + who + " names the sensitive category " + code));
                    }
                }
            }
        }
        assertThat(new TreeSet<>(wrong)).isEmpty();
    }

    private void check(Outlet outlet, Who who, Fixture f, String text, List<String> wrong) {
        Visibility v = expected(who, f, outlet.about());
        String at = outlet.route() + " as " + who + " for " + f.name() + " (" + v + ")";
        if (v == Visibility.NONE && outlet.perRecord()) {
            if (!text.isEmpty() && !text.startsWith("HTTP 404")) {
                wrong.add(at + ": answers other than 404 for a record the reader may not see: " + text.lines().findFirst());
            }
        } else if (v == Visibility.NONE) {
            if (text.contains(f.reportId()) || text.contains(f.incidentId())) {
                wrong.add(at + ": names the hidden record's id");
            }
        } else if (outlet.lists() && !text.contains(outlet.about() == Kind.REPORT ? f.reportId() : f.incidentId())) {
            wrong.add(at + ": does not list the record");
        }
        for (ConfidentialField field : ConfidentialField.values()) {
            String value = secret(field, f);
            if (value == null) {
                continue;
            }
            boolean carried = outlet.carries().contains(field);
            if (v == Visibility.FULL && carried && !text.contains(value)) {
                wrong.add(at + ": lacks " + field);
            } else if (v != Visibility.FULL && text.contains(value) && !sharedWithAFullRecord(who, field, value, outlet)) {
                wrong.add(at + ": shows " + field);
            }
        }
    }

    /** A value one record shares with another the reader sees in full in the same outlet (the author's own name). */
    private boolean sharedWithAFullRecord(Who who, ConfidentialField field, String value, Outlet outlet) {
        return fixtures.stream().anyMatch(g -> value.equals(secret(field, g))
                && expected(who, g, outlet.about()) == Visibility.FULL && outlet.carries().contains(field));
    }

    private String get(Who who, String path, int status) {
        Api.Answer answer = callers.get(who).get(path);
        assertThat(answer.status()).as(path + " as " + who + ": " + answer).isEqualTo(status);
        return "HTTP " + answer.status() + "\n" + answer.raw().headers().map() + "\n" + answer.body();
    }

    /** A PDF's text as pdftotext gives it (poppler-utils), lines wrapped at a hyphen joined, or the problem the reader got instead. */
    private String pdfText(Who who, String path, int status) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(server.getURI().resolve(path))
                    .header("Authorization", "Bearer " + callers.get(who).bearerToken()).timeout(Duration.ofSeconds(60))
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(path + " as " + who).isEqualTo(status);
            if (status != 200) {
                return "HTTP " + status + "\n" + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
            }
            java.nio.file.Path pdf = java.nio.file.Files.createTempFile(java.nio.file.Path.of("target"), "outlet-", ".pdf");
            java.nio.file.Files.write(pdf, r.body());
            Process p = new ProcessBuilder("pdftotext", "-enc", "UTF-8", pdf.toString(), "-").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            java.nio.file.Files.delete(pdf);
            // A value set in a narrow table cell may be wrapped after one of its hyphens ("secret-identity-\n1a2b…"):
            // the line break a PDF renders there is not part of the text.
            return "HTTP 200\n" + org.trucewatch.support.Commands.withoutLigatures(text).replaceAll("-\\R\\s*", "-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A file's bytes as text, zip entries unpacked (Shapefiles), so a value stored anywhere in it is found. */
    private String file(Who who, String path) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(server.getURI().resolve(path))
                    .header("Authorization", "Bearer " + callers.get(who).bearerToken()).timeout(Duration.ofSeconds(60))
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(path + " as " + who).isEqualTo(200);
            byte[] body = r.body();
            StringBuilder text = new StringBuilder("HTTP " + r.statusCode() + "\n" + r.headers().map()).append('\n');
            if (body.length > 4 && body[0] == 'P' && body[1] == 'K') {
                // Through the central directory (ZipFile): an XLSX writer may put sizes only there and in data
                // descriptors, which ZipInputStream refuses for stored entries.
                java.nio.file.Path copy = java.nio.file.Files.createTempFile(java.nio.file.Path.of("target"), "outlet-", ".zip");
                java.nio.file.Files.write(copy, body);
                try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(copy.toFile())) {
                    for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                        try (java.io.InputStream in = zip.getInputStream(e)) {
                            text.append(e.getName()).append('\n').append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        }
                    }
                } finally {
                    java.nio.file.Files.deleteIfExists(copy);
                }
            } else {
                text.append(new String(body, StandardCharsets.UTF_8));
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void queueCountsCountOnlyWhatTheReaderMaySee() {
        for (Who who : Who.values()) {
            for (String mechanism : List.of(OWN, OTHER)) {
                long shown = 0;
                for (JsonNode q : callers.get(who).get("/api/v1/queues").json()) {
                    if (q.path("mechanism").asText().equals(mechanism)) {
                        shown += q.path("open").asLong();
                    }
                }
                long visible = fixtures.stream().filter(f -> f.mechanism().equals(mechanism)
                        && expected(who, f, Kind.INCIDENT) != Visibility.NONE).count();
                assertThat(shown).as(who + " counts the open incidents of " + mechanism).isEqualTo(visible);
            }
        }
    }

    @Test
    void aPageIsFullWhenHiddenIncidentsComeFirst() {
        // The queue's most severe item is the sensitive one (hidden from delegates): a page of one is still one item.
        for (Who who : List.of(Who.DELEGATE, Who.GIS)) {
            int listed = 0;
            for (JsonNode q : callers.get(who).get("/api/v1/queues").json()) {
                if (q.path("open").asLong() > 0) {
                    listed += callers.get(who).get("/api/v1/queues/" + q.path("id").asText() + "/items?limit=1").json().size();
                }
            }
            long queuesWithItems = 0;
            for (JsonNode q : callers.get(who).get("/api/v1/queues").json()) {
                queuesWithItems += q.path("open").asLong() > 0 ? 1 : 0;
            }
            assertThat(listed).as(who.name()).isEqualTo((int) queuesWithItems).isPositive();
        }
        List<String> agenda = new ArrayList<>();
        callers.get(Who.DELEGATE).get("/api/v1/mechanisms/" + OWN + "/agenda").json()
                .forEach(i -> agenda.add(i.path("id").asText()));
        assertThat(agenda).containsExactlyInAnyOrder(fixture("own-normal").incidentId(), fixture("own-media").incidentId());
    }
}

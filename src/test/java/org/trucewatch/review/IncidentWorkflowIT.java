package org.trucewatch.review;

import org.trucewatch.mechanisms.IncidentStatus;
import org.trucewatch.mechanisms.MechanismService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Poll;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestDatabase;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;

/**
 * Reports becoming incidents, and the chair's work on them, over HTTP against PostGIS, in a
 * mechanism of the test's own ("workflow-mech", shaped like the Lebanon sample). Without
 * zones loaded for it, every incident starts in the chair's triage queue.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentWorkflowIT implements PostgisFixture {
    static final String MECH = "workflow-mech";
    static final String GEO = "application/geo+json";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;

    Api monitor;
    Api chair;
    Api secondChair;
    Api delegate;
    TestUsers users;
    /** A chair of another mechanism (a sample one, loaded in tests). */
    Api outsider;
    String chairToken;

    @BeforeAll
    void setUp() {
        TestProtocols.load(mechanisms, MECH);
        users = new TestUsers(access, new Api(server.getURI()));
        outsider = users.as("chair", grant("chair", "lebanon-tripartite"));
        monitor = users.as("monitor", grant("monitor", MECH));
        String chairName = users.create("chair", grant("chair", MECH));
        chair = users.signIn(chairName);
        secondChair = users.as("chair", grant("chair", MECH));
        delegate = users.as("delegate", delegate(MECH, "PARTY-A"));
    }

    private String submit(ReportJson report) {
        Api.Answer a = monitor.post("/api/v1/reports", GEO, report.json());
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().path("id").asText();
    }

    private static String incidentOf(String reportId) {
        return Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?", UUID.fromString(reportId));
    }

    private static ReportJson shelling(double lon, double lat, String at, int count) {
        return ReportJson.valid().point(lon, lat).withText("category", "INDIRECT_FIRE").withText("observedAt", at)
                .with("count", String.valueOf(count));
    }

    @Test
    void threeObserversOfOneShellingMakeOneIncidentWhoseCountIsNotTripled() {
        String at = "2026-02-10T05:0";
        String a = submit(shelling(35.5000, 33.1000, at + "0:00Z", 4));
        String b = submit(shelling(35.5100, 33.1050, at + "4:00Z", 4).withText("category", "EXPLOSION"));
        String c = submit(shelling(35.4950, 33.0950, at + "9:00Z", 5));
        String far = submit(shelling(35.8000, 33.1000, at + "2:00Z", 4)); // ~28 km east

        assertThat(incidentOf(b)).isEqualTo(incidentOf(a));
        assertThat(incidentOf(c)).isEqualTo(incidentOf(a));
        assertThat(incidentOf(far)).isNotEqualTo(incidentOf(a));
        JsonNode incident = chair.get("/api/v1/incidents/" + incidentOf(a)).json();
        assertThat(incident.path("aggregate").path("reports").asInt()).isEqualTo(3);
        assertThat(incident.path("aggregate").path("count").asInt()).as("the largest count, not 4+4+5").isEqualTo(5);
        List<String> links = new ArrayList<>();
        incident.path("reports").forEach(r -> links.add(r.path("link").asText()));
        assertThat(links).containsExactlyInAnyOrder("origin", "suggested", "suggested");
    }

    @Test
    void theChairConfirmsOneSuggestedLinkAndSplitsAnotherOff() {
        String at = "2026-02-11T05:0";
        String origin = submit(shelling(35.6000, 33.2000, at + "0:00Z", 2));
        String same = submit(shelling(35.6050, 33.2010, at + "2:00Z", 2));
        String other = submit(shelling(35.5950, 33.1990, at + "3:00Z", 7));
        String incident = incidentOf(origin);
        assertThat(incidentOf(other)).isEqualTo(incident);

        Api.Answer confirmed = chair.post("/api/v1/incidents/" + incident + "/reports/" + same + "/confirm",
                "application/json", "{}");
        Api.Answer split = chair.post("/api/v1/incidents/" + incident + "/reports/" + other + "/split",
                "application/json", "{}");

        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.body()).contains("\"link\":\"confirmed\"");
        assertThat(split.status()).as(split.toString()).isEqualTo(200);
        String created = split.json().path("id").asText();
        assertThat(created).isNotEqualTo(incident);
        assertThat(incidentOf(other)).isEqualTo(created);
        JsonNode left = chair.get("/api/v1/incidents/" + incident).json();
        assertThat(left.path("aggregate").path("reports").asInt()).isEqualTo(2);
        assertThat(left.path("aggregate").path("count").asInt()).as("the split report's 7 left with it").isEqualTo(2);
        assertThat(chair.post("/api/v1/incidents/" + incident + "/reports/" + origin + "/split", "application/json",
                "{}").status()).as("the origin stays").isEqualTo(409);
        assertThat(chair.post("/api/v1/incidents/" + incident + "/reports/" + same + "/confirm", "application/json",
                "{}").status()).as("already confirmed").isEqualTo(409);
    }

    @Test
    void anIncidentOutsideEveryAreaLandsInTheChairsTriageQueue() {
        String id = incidentOf(submit(ReportJson.valid().point(35.2, 33.3)));
        JsonNode incident = chair.get("/api/v1/incidents/" + id).json();
        assertThat(incident.path("queue").asText()).isEqualTo(MECH + ".triage");
        List<String> queued = new ArrayList<>();
        chair.get("/api/v1/queues/" + MECH + ".triage/items").json().forEach(i -> queued.add(i.path("id").asText()));
        assertThat(queued).contains(id);
        JsonNode queues = chair.get("/api/v1/queues").json();
        assertThat(queues.toString()).contains(MECH + ".triage");
    }

    @Test
    void twentyChairsClaimingAtOnceLeaveExactlyOneHolder() throws Exception {
        String id = incidentOf(submit(ReportJson.valid().point(35.21, 33.31)));
        List<Api> claimants = new ArrayList<>();
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        for (int i = 0; i < 20; i++) {
            claimants.add(users.as("claimant", grant("chair", MECH)));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (Api claimant : claimants) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return claimant.post("/api/v1/incidents/" + id + "/claim", "application/json", "{}").status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : answers) {
                statuses.add(f.get());
            }
            assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
            assertThat(statuses.stream().filter(s -> s == 409)).hasSize(19);
            assertThat(Rows.count("SELECT count(*) FROM incident_event WHERE incident_id = ? AND kind = 'claim'",
                    UUID.fromString(id))).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A background writer (the reference assigner, the overdue scan) holding the row only delays a claim. */
    @Test
    void aClaimWaitsForABackgroundWriterInsteadOfFailing() throws Exception {
        String id = incidentOf(submit(ReportJson.valid().point(36.50, 34.50)));
        Api chair = new TestUsers(access, new Api(server.getURI())).as("claimant", grant("chair", MECH));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection writer = TestDatabase.get().connect()) {
            writer.setAutoCommit(false);
            int writerPid;
            try (PreparedStatement lock = writer.prepareStatement(
                    "SELECT pg_backend_pid() FROM incident WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, UUID.fromString(id));
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    writerPid = rs.getInt(1);
                }
            }
            Future<Api.Answer> claim = pool.submit(() ->
                    chair.post("/api/v1/incidents/" + id + "/claim", "application/json", "{}"));
            // The claim is waiting once PostgreSQL shows a backend blocked by the writer.
            Poll.until("the claim waiting on the row lock", Duration.ofSeconds(10),
                    () -> Rows.count("SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))",
                            writerPid), n -> n > 0 || claim.isDone());
            assertThat(claim.isDone()).as("answered while the row was locked: %s", claim.isDone() ? claim.get() : null)
                    .isFalse();
            writer.commit();
            assertThat(claim.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Rows.text("SELECT claimed_by FROM incident WHERE id = ?", UUID.fromString(id))).startsWith("claimant");
    }

    @Test
    void everyIllegalTransitionIs409AndChangesNothing() {
        // Walk one incident through the whole workflow; at each state try every move not allowed from it.
        String id = incidentOf(submit(ReportJson.valid().point(35.22, 33.32)));
        List<String> path = List.of("triaged", "under_verification", "finding_recorded", "reviewed", "closed", "reopened");
        String current = "received";
        for (String next : path) {
            for (IncidentStatus target : IncidentStatus.values()) {
                if (IncidentStatus.of(current).canMoveTo(target)) {
                    continue;
                }
                Api.Answer refused = chair.post("/api/v1/incidents/" + id + "/transitions", "application/json",
                        "{\"to\":\"" + target.code() + "\",\"finding\":\"no_violation\"}");
                assertThat(refused.status()).as(current + " -> " + target.code() + ": " + refused).isEqualTo(409);
                assertThat(refused.json().path("type").asText()).isEqualTo("/problems/illegal-transition");
            }
            assertThat(Rows.text("SELECT status FROM incident WHERE id = ?", UUID.fromString(id))).isEqualTo(current);
            Api.Answer moved = chair.post("/api/v1/incidents/" + id + "/transitions", "application/json",
                    "{\"to\":\"" + next + "\",\"finding\":\"violation_unattributed\",\"summary\":\"crater analysis\"}");
            assertThat(moved.status()).as(current + " -> " + next + ": " + moved).isEqualTo(200);
            current = next;
        }
        assertThat(chair.post("/api/v1/incidents/" + id + "/escalate", "application/json", "{\"text\":\"x\"}").status())
                .isEqualTo(409);
    }

    @Test
    void aConfirmedViolationNeedsAPartyOfTheMechanism() {
        String id = incidentOf(submit(ReportJson.valid().point(35.23, 33.33)));
        for (String to : List.of("triaged", "under_verification")) {
            chair.post("/api/v1/incidents/" + id + "/transitions", "application/json", "{\"to\":\"" + to + "\"}");
        }
        Api.Answer noParty = chair.post("/api/v1/incidents/" + id + "/transitions", "application/json",
                "{\"to\":\"finding_recorded\",\"finding\":\"violation_confirmed\",\"party\":\"NOBODY\"}");
        assertThat(noParty.status()).isEqualTo(422);
        assertThat(noParty.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/party");
        Api.Answer attributed = chair.post("/api/v1/incidents/" + id + "/transitions", "application/json",
                "{\"to\":\"finding_recorded\",\"finding\":\"violation_confirmed\",\"party\":\"PARTY-B\"}");
        assertThat(attributed.json().path("finding").path("party").asText()).isEqualTo("PARTY-B");
    }

    @Test
    void partiesRecordTheirPositionsAndDelegatesSeeNoStaffDetails() {
        String id = incidentOf(submit(ReportJson.valid().point(35.24, 33.34)));
        chair.post("/api/v1/incidents/" + id + "/claim", "application/json", "{}");
        chair.post("/api/v1/incidents/" + id + "/comments", "application/json", "{\"text\":\"source is the mukhtar\"}");
        assertThat(delegate.post("/api/v1/incidents/" + id + "/positions", "application/json",
                "{\"party\":\"PARTY-A\",\"position\":\"disputes\",\"statement\":\"no unit there\"}").status()).isEqualTo(200);
        assertThat(delegate.post("/api/v1/incidents/" + id + "/positions", "application/json",
                "{\"party\":\"PARTY-B\",\"position\":\"accepts\"}").status()).isEqualTo(403);

        Api.Answer seen = delegate.get("/api/v1/incidents/" + id);
        assertThat(seen.body()).doesNotContain("mukhtar").doesNotContain("claimedBy").doesNotContain("monitor-");
        assertThat(seen.json().path("positions").get(0).path("position").asText()).isEqualTo("disputes");
        assertThat(chair.get("/api/v1/incidents/" + id).body()).contains("mukhtar").contains("claimedBy");
    }

    @Test
    void aQueueSubscriberHearsOfANewIncidentWithinASecond() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(server.getURI()
                        .resolve("/api/v1/queues/" + MECH + ".triage/events"))
                .header("Authorization", "Bearer " + tokenOf(secondChair)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        assertThat(readUntil(lines, "event: open", 5000)).isTrue();

        String incident = incidentOf(submit(ReportJson.valid().point(35.25, 33.35)));
        // Within one second of the submission's answer (the commit), the event is on the stream.
        boolean heard = readUntil(lines, incident, 1000);
        stream.body().close();

        assertThat(heard).as("change event for " + incident + " within 1 s").isTrue();
    }

    @Test
    void oneStreamCarriesTheChangesOfAllTheCallersQueuesAndNoneOfOthers() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> mine = client.send(HttpRequest.newBuilder(server.getURI().resolve("/api/v1/queues/events"))
                .header("Authorization", "Bearer " + tokenOf(secondChair)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> theirs = client.send(HttpRequest.newBuilder(server.getURI().resolve("/api/v1/queues/events"))
                .header("Authorization", "Bearer " + tokenOf(outsider)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(theirs.statusCode()).isEqualTo(200);
        BufferedReader mineLines = new BufferedReader(new InputStreamReader(mine.body(), StandardCharsets.UTF_8));
        BufferedReader theirLines = new BufferedReader(new InputStreamReader(theirs.body(), StandardCharsets.UTF_8));
        // The open event names the queues the stream follows.
        assertThat(readUntil(mineLines, MECH + ".triage", 5000)).isTrue();
        assertThat(readUntil(theirLines, "event: open", 5000)).isTrue();

        String incident = incidentOf(submit(ReportJson.valid().point(35.26, 33.36)));
        boolean heard = readUntil(mineLines, incident, 1000);
        boolean overheard = readUntil(theirLines, incident, 500);
        mine.body().close();
        theirs.body().close();

        assertThat(heard).as("change event for " + incident + " within 1 s").isTrue();
        assertThat(overheard).as("a chair of another mechanism hears nothing of it").isFalse();
    }

    /**
     * The outbox trap: a notice's number is drawn at INSERT, not at commit. A slow
     * transaction holds a lower number while a faster one commits a higher one and is streamed;
     * when the slow one commits, its change is still streamed, within a second, and once.
     */
    @Test
    void aChangeCommittedAfterALaterOneIsStillHeardOnce() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(server.getURI()
                        .resolve("/api/v1/queues/" + MECH + ".triage/events"))
                .header("Authorization", "Bearer " + tokenOf(secondChair)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        try (Connection slow = TestDatabase.get().connect()) {
            assertThat(readUntil(lines, "event: open", 5000)).isTrue();
            String slowIncident = incidentOf(submit(ReportJson.valid().point(36.00, 34.00)));
            assertThat(linesUntil(lines, data(slowIncident), 1000)).as("its creation").isNotNull();
            slow.setAutoCommit(false);
            try (PreparedStatement ps = slow.prepareStatement("INSERT INTO queue_notice (queue, incident_id) VALUES (?, ?)")) {
                ps.setString(1, MECH + ".triage");
                ps.setObject(2, UUID.fromString(slowIncident));
                ps.executeUpdate();
            }
            String fastIncident = incidentOf(submit(ReportJson.valid().point(36.10, 34.10)));
            List<String> beforeCommit = linesUntil(lines, data(fastIncident), 1000);
            assertThat(beforeCommit).as("the faster, later change within 1 s").isNotNull();
            assertThat(beforeCommit).as("nothing of the uncommitted one").noneMatch(l -> l.contains(slowIncident));

            slow.commit();
            assertThat(linesUntil(lines, data(slowIncident), 1000)).as("the slow change within 1 s of its commit")
                    .isNotNull();
            // A later change marks how far the stream has gone; the slow one must not come again before it.
            String marker = incidentOf(submit(ReportJson.valid().point(36.20, 34.20)));
            List<String> afterwards = linesUntil(lines, data(marker), 1000);
            assertThat(afterwards).isNotNull();
            assertThat(afterwards).as("the slow change once").noneMatch(l -> l.contains(slowIncident));
        } finally {
            stream.body().close();
        }
    }

    /**
     * A chair's link drops: the client reconnects with the id of the last event it got and
     * receives the changes committed while it was away, which the stream would otherwise never
     * send again (the web app does not reload its lists on reconnect).
     */
    @Test
    void aClientThatReconnectsWithItsLastEventIdGetsWhatChangedMeanwhile() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> first = openStream(client, null);
        BufferedReader lines = new BufferedReader(new InputStreamReader(first.body(), StandardCharsets.UTF_8));
        assertThat(readUntil(lines, "event: open", 5000)).isTrue();
        String before = incidentOf(submit(ReportJson.valid().point(36.30, 34.30)));
        List<String> block = eventWith(lines, data(before), 2000);
        first.body().close();
        assertThat(block).as("the change of " + before).isNotNull();
        String lastId = block.stream().filter(l -> l.startsWith("id:")).map(l -> l.substring(3).strip())
                .findFirst().orElseThrow();

        String whileAway = incidentOf(submit(ReportJson.valid().point(36.31, 34.31)));
        String alsoAway = incidentOf(submit(ReportJson.valid().point(36.32, 34.32)));

        HttpResponse<InputStream> again = openStream(client, lastId);
        assertThat(again.statusCode()).isEqualTo(200);
        BufferedReader resumed = new BufferedReader(new InputStreamReader(again.body(), StandardCharsets.UTF_8));
        try {
            // In the order they committed; a change may come twice (docs/api.md), never not at all.
            for (String needle : List.of(data(whileAway), data(alsoAway))) {
                assertThat(linesUntil(resumed, needle, 2000)).as("after reconnecting: " + needle).isNotNull();
            }
            // Live changes go on after the missed ones.
            String after = incidentOf(submit(ReportJson.valid().point(36.33, 34.33)));
            assertThat(linesUntil(resumed, data(after), 2000)).as("a change after reconnecting").isNotNull();
        } finally {
            again.body().close();
        }
    }

    @Test
    void aLastEventIdTheStreamNeverGaveIsRefusedNamingTheHeader() throws Exception {
        HttpResponse<InputStream> refused = openStream(HttpClient.newHttpClient(), "1.2.3.4:5:x; DROP TABLE incident");
        String body = new String(refused.body().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(body).contains("\"header\":\"Last-Event-ID\"");
    }

    /** Notices are pruned after their retention: a client away longer is told to read its queues again. */
    @Test
    void aClientAwayLongerThanNoticesAreKeptIsToldToReadItsQueuesAgain() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> first = openStream(client, null);
        BufferedReader lines = new BufferedReader(new InputStreamReader(first.body(), StandardCharsets.UTF_8));
        assertThat(readUntil(lines, "event: open", 5000)).isTrue();
        String incident = incidentOf(submit(ReportJson.valid().point(36.34, 34.34)));
        List<String> block = eventWith(lines, data(incident), 2000);
        first.body().close();
        assertThat(block).isNotNull();
        String id = block.stream().filter(l -> l.startsWith("id:")).map(l -> l.substring(3).strip())
                .findFirst().orElseThrow();
        String[] parts = id.split("\\.", 4);
        String twoHoursAgo = parts[0] + "." + (Long.parseLong(parts[1]) - Duration.ofHours(2).toMillis()) + "."
                + parts[2] + "." + parts[3];

        HttpResponse<InputStream> again = openStream(client, twoHoursAgo);
        assertThat(again.statusCode()).isEqualTo(200);
        BufferedReader resumed = new BufferedReader(new InputStreamReader(again.body(), StandardCharsets.UTF_8));
        try {
            assertThat(linesUntil(resumed, "event: reset", 2000)).as("a reset event").isNotNull();
        } finally {
            again.body().close();
        }
    }

    private HttpResponse<InputStream> openStream(HttpClient client, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.getURI().resolve("/api/v1/queues/" + MECH + ".triage/events"))
                .header("Authorization", "Bearer " + tokenOf(secondChair));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The lines of the first whole event (up to its blank line) that contains {@code needle}, or null after {@code millis}. */
    private static List<String> eventWith(BufferedReader lines, String needle, long millis) throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<List<String>> found = reader.submit(() -> {
                List<String> event = new ArrayList<>();
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!line.isEmpty()) {
                        event.add(line);
                    } else if (event.stream().anyMatch(l -> l.contains(needle))) {
                        return event;
                    } else {
                        event = new ArrayList<>();
                    }
                }
                return null;
            });
            return found.get(millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void anIncidentIsAssignedOnlyToTheChairsStaff() {
        String id = incidentOf(submit(ReportJson.valid().point(35.28, 33.38)));
        String staff = users.create("staff", grant("chair", MECH));
        String delegateName = users.create("delegate", delegate(MECH, "PARTY-A"));
        for (String nobody : new String[] {"no-such-user", delegateName, "", " "}) {
            Api.Answer refused = chair.post("/api/v1/incidents/" + id + "/assign", "application/json",
                    "{\"assignee\":\"" + nobody + "\"}");
            assertThat(refused.status()).as(nobody).isEqualTo(422);
            assertThat(refused.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/assignee");
        }
        assertThat(Rows.text("SELECT coalesce(assigned_to, '-') FROM incident WHERE id = ?", UUID.fromString(id)))
                .isEqualTo("-");
        // The staff list the chair picks from names the new member (and only chairs).
        Api.Answer staffList = chair.get("/api/v1/mechanisms/" + MECH + "/staff");
        assertThat(staffList.status()).isEqualTo(200);
        List<String> names = new java.util.ArrayList<>();
        staffList.json().forEach(m -> names.add(m.path("username").asText()));
        assertThat(names).contains(staff).doesNotContain(delegateName);
        assertThat(delegate.get("/api/v1/mechanisms/" + MECH + "/staff").status()).isEqualTo(403);
        Api.Answer assigned = chair.post("/api/v1/incidents/" + id + "/assign", "application/json",
                "{\"assignee\":\"" + staff + "\"}");
        assertThat(assigned.status()).isEqualTo(200);
        assertThat(assigned.json().path("assignedTo").asText()).isEqualTo(staff);
        assertThat(Rows.text("SELECT assigned_to FROM incident WHERE id = ?", UUID.fromString(id))).isEqualTo(staff);
    }

    @Test
    void theAuditHistoryOfAnIncidentIsForTheChairsStaff() {
        String id = incidentOf(submit(ReportJson.valid().point(35.27, 33.37)));
        chair.post("/api/v1/incidents/" + id + "/claim", "application/json", "{}");
        Api.Answer history = chair.get("/api/v1/incidents/" + id + "/audit");
        assertThat(history.status()).isEqualTo(200);
        List<String> actions = new java.util.ArrayList<>();
        history.json().forEach(e -> {
            assertThat(e.path("targetId").asText()).isEqualTo(id);
            actions.add(e.path("action").asText());
        });
        assertThat(actions).containsSubsequence("incident.create", "incident.claim");
        Api.Answer refused = delegate.get("/api/v1/incidents/" + id + "/audit");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    }

    private static boolean readUntil(BufferedReader lines, String needle, long millis) throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> found = reader.submit(() -> {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.contains(needle)) {
                        return true;
                    }
                }
                return false;
            });
            return found.get(millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } finally {
            reader.shutdownNow();
        }
    }

    /** The data line of an incident's change event (Micronaut writes the event's id line first, then its data). */
    private static String data(String incident) {
        return "\"incidentId\":\"" + incident + "\"";
    }

    /** The lines read up to and including the first that contains {@code needle}, or null after {@code millis}. */
    private static List<String> linesUntil(BufferedReader lines, String needle, long millis) throws Exception {
        List<String> read = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> found = reader.submit(() -> {
                String line;
                while ((line = lines.readLine()) != null) {
                    read.add(line);
                    if (line.contains(needle)) {
                        return true;
                    }
                }
                return false;
            });
            return found.get(millis, TimeUnit.MILLISECONDS) ? List.copyOf(read) : null;
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        } finally {
            reader.shutdownNow();
        }
    }

    private static String tokenOf(Api api) {
        return api.bearerToken();
    }
}

package org.trucewatch.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Poll;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestDatabase;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;

/**
 * A queue read a page at a time, filtered and searched by the server (docs/mechanisms.md, "Queue
 * items"), in a mechanism of the test's own whose incidents all start in its triage queue. Every
 * expected list is read from the database by the test's own SQL, not by the code under test.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueItemsIT implements PostgisFixture {
    static final String MECH = "paging-mech";
    static final String QUEUE = MECH + ".triage";
    static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"next\"");

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;

    Api monitor;
    Api chair;
    Api outsider;
    final Map<String, String> incidentByText = new java.util.HashMap<>();

    @BeforeAll
    void setUp() {
        TestProtocols.load(mechanisms, MECH);
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        monitor = users.as("monitor", grant("monitor", MECH));
        chair = users.as("chair", grant("chair", MECH));
        outsider = users.as("chair", grant("chair", "lebanon-tripartite"));
        String[] categories = {"INDIRECT_FIRE", "ARMED_PRESENCE", "SMALL_ARMS_FIRE", "AIR_INCURSION"};
        String[] texts = {
            "قصف مدفعي قرب المدرسة في القرية",
            "Tirs d'artillerie près des écoles du village",
            "Bombardeos cerca del puesto de salud",
            "Villagers saw the hillside shelled at dawn",
        };
        // Far enough apart (about 5 km) that no two are taken for one event.
        for (int n = 0; n < 31; n++) {
            ReportJson report = ReportJson.valid().point(35.10 + (n % 6) * 0.05, 33.00 + (n / 6) * 0.05)
                    .withText("category", categories[n % categories.length])
                    .withText("observedAt", String.format("2026-03-%02dT%02d:15:00Z", 1 + n % 27, n % 24));
            if (n < texts.length) {
                report = report.withText("description", texts[n]);
            }
            Api.Answer a = monitor.post("/api/v1/reports", "application/geo+json", report.json());
            assertThat(a.status()).as(a.toString()).isEqualTo(201);
            if (n < texts.length) {
                incidentByText.put(texts[n], Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?",
                        UUID.fromString(a.json().path("id").asText())));
            }
        }
    }

    @Test
    void pagesInEachOrderHoldEveryOpenItemOnceInTheOrderTheDatabaseGives() throws Exception {
        Map<String, String> orders = Map.of(
                "severity", "severity DESC, coalesce(deadline, 'infinity'::timestamptz), created_at, id",
                "deadline", "coalesce(deadline, 'infinity'::timestamptz), severity DESC, created_at, id",
                "observed", "observed_at DESC, id DESC");
        for (Map.Entry<String, String> order : orders.entrySet()) {
            List<String> expected = ids("SELECT id::text FROM incident WHERE mechanism_code = ? AND level_code IS NULL"
                    + " AND status NOT IN ('reviewed', 'closed') ORDER BY " + order.getValue(), MECH);
            // 31 from the set-up, and one more once the test of a change between pages has run.
            assertThat(expected.size()).isBetween(31, 32);
            List<String> paged = new ArrayList<>();
            int pages = 0;
            String path = "/api/v1/queues/" + QUEUE + "/items?limit=7&sort=" + order.getKey();
            while (path != null) {
                Api.Answer page = chair.get(path);
                assertThat(page.status()).as(path).isEqualTo(200);
                page.json().forEach(i -> paged.add(i.path("id").asText()));
                pages++;
                path = next(page);
            }
            assertThat(paged).as(order.getKey()).containsExactlyElementsOf(expected);
            assertThat(pages).as(expected.size() + " items in pages of 7").isEqualTo(5);
        }
    }

    @Test
    void anIncidentThatChangesBetweenTwoPagesIsNeitherShownTwiceNorSkippedForItsMove() throws Exception {
        Api.Answer first = chair.get("/api/v1/queues/" + QUEUE + "/items?limit=10&sort=observed");
        assertThat(first.status()).isEqualTo(200);
        // A new, more recent incident arrives: it sorts before the first page and must not shift the second.
        Api.Answer late = monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid().point(35.95, 33.95)
                .withText("observedAt", "2026-03-30T10:00:00Z").json());
        assertThat(late.status()).isEqualTo(201);
        List<String> seen = new ArrayList<>();
        first.json().forEach(i -> seen.add(i.path("id").asText()));
        Api.Answer second = chair.get(next(first));
        second.json().forEach(i -> seen.add(i.path("id").asText()));
        List<String> expected = ids("SELECT id::text FROM incident WHERE mechanism_code = ? AND level_code IS NULL"
                + " AND status NOT IN ('reviewed', 'closed') AND observed_at < '2026-03-30' ORDER BY observed_at DESC, id DESC"
                + " LIMIT 20", MECH);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void wordsFindTheirReportInEachLanguageAndAReferenceFindsItsIncident() throws Exception {
        Map<String, String> searches = Map.of(
                "المدرسة", "قصف مدفعي قرب المدرسة في القرية",
                "école", "Tirs d'artillerie près des écoles du village",
                "bombardeo", "Bombardeos cerca del puesto de salud",
                "shelling", "Villagers saw the hillside shelled at dawn",
                "\"hillside shelled\"", "Villagers saw the hillside shelled at dawn");
        for (Map.Entry<String, String> search : searches.entrySet()) {
            Api.Answer found = chair.get("/api/v1/queues/" + QUEUE + "/items?q="
                    + URLEncoder.encode(search.getKey(), StandardCharsets.UTF_8));
            assertThat(found.status()).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            found.json().forEach(i -> ids.add(i.path("id").asText()));
            assertThat(ids).as(search.getKey()).containsExactly(incidentByText.get(search.getValue()));
        }
        assertThat(chair.get("/api/v1/queues/" + QUEUE + "/items?q=tanks").json()).isEmpty();

        String incident = incidentByText.get("Bombardeos cerca del puesto de salud");
        String reference = awaitReference(incident);
        JsonNode byReference = chair.get("/api/v1/queues/" + QUEUE + "/items?q=" + reference.toLowerCase()).json();
        assertThat(byReference).hasSize(1);
        assertThat(byReference.get(0).path("id").asText()).isEqualTo(incident);
    }

    @Test
    void statusAndCategoryFiltersKeepWhatTheDatabaseSays() throws Exception {
        for (String text : List.of("Tirs d'artillerie près des écoles du village", "Bombardeos cerca del puesto de salud")) {
            Api.Answer moved = chair.post("/api/v1/incidents/" + incidentByText.get(text) + "/transitions",
                    "application/json", "{\"to\":\"triaged\"}");
            assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        }
        Api.Answer a = chair.get("/api/v1/queues/" + QUEUE + "/items?limit=1000&category=INDIRECT_FIRE,SMALL_ARMS_FIRE"
                + "&status=triaged");
        assertThat(a.status()).isEqualTo(200);
        List<String> got = new ArrayList<>();
        a.json().forEach(i -> got.add(i.path("id").asText()));
        assertThat(got).containsExactlyInAnyOrderElementsOf(ids("SELECT id::text FROM incident WHERE mechanism_code = ?"
                + " AND level_code IS NULL AND status = 'triaged'"
                + " AND category IN ('INDIRECT_FIRE', 'SMALL_ARMS_FIRE')", MECH)).isNotEmpty();
        assertThat(a.header("Link")).isNull();
    }

    @Test
    void aBadParameterIsRefusedNamingIt() throws Exception {
        String items = "/api/v1/queues/" + QUEUE + "/items?";
        Api.Answer page = chair.get(items + "limit=3&sort=deadline");
        String deadlineKey = next(page).replaceAll(".*[?&]after=([^&]*).*", "$1");
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("sort=newest", "sort");
        bad.put("status=closed", "status");
        bad.put("status=nonsense", "status");
        bad.put("category=NO_SUCH_THING", "category");
        bad.put("limit=0", "limit");
        bad.put("limit=1001", "limit");
        bad.put("after=not-a-key", "after");
        bad.put("after=" + deadlineKey + "&sort=observed", "after");
        bad.put("q=" + "x".repeat(201), "q");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            Api.Answer refused = chair.get(items + b.getKey());
            assertThat(refused.status()).as(b.getKey()).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().path("errors").get(0).path("parameter").asText()).as(b.getKey()).isEqualTo(b.getValue());
        }
        assertThat(outsider.get(items + "q=shelling").status()).as("a chair of another mechanism").isEqualTo(404);
    }

    private static String next(Api.Answer page) {
        String link = page.header("Link");
        if (link == null) {
            return null;
        }
        Matcher m = NEXT.matcher(link);
        assertThat(m.find()).as(link).isTrue();
        return m.group(1);
    }

    private static String awaitReference(String incident) throws InterruptedException {
        return Poll.until("the reference of " + incident, Duration.ofSeconds(5),
                () -> Rows.text("SELECT coalesce(reference, '') FROM incident WHERE id = ?", UUID.fromString(incident)),
                reference -> !reference.isEmpty());
    }

    private static List<String> ids(String sql, Object... binds) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = TestDatabase.get().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                ps.setObject(i + 1, binds[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return new ArrayList<>(new LinkedHashSet<>(out));
    }
}

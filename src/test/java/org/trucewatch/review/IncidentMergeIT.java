package org.trucewatch.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
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
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;

/**
 * A chair merges two incidents the system did not link, and undoes it (issue 17, item 3):
 * reports, counts, history and positions combined without double counting; the merged one
 * leads to the survivor and is counted nowhere; an audit event each way; the undo puts every
 * report back as it was. Checked in the database, not only in the answers.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentMergeIT implements PostgisFixture {
    static final String MECH = "merge-mech";
    static final String OTHER = "merge-other";
    static final String JSON = "application/json";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;

    Api monitor;
    Api chair;
    Api delegate;
    Api otherMonitor;
    /** Four places far apart, so that no two reports are taken for duplicates by the system. */
    double next = 10;

    @BeforeAll
    void setUp() {
        TestProtocols.load(mechanisms, MECH);
        TestProtocols.load(mechanisms, OTHER);
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        monitor = users.as("monitor", grant("monitor", MECH));
        otherMonitor = users.as("monitor", grant("monitor", OTHER));
        chair = users.as("chair", grant("chair", MECH), grant("chair", OTHER));
        delegate = users.as("delegate", delegate(MECH, "PARTY-A"));
    }

    private String incident(Api who, String mechanism, int count) {
        next += 0.5;
        Api.Answer a = who.post("/api/v1/reports", "application/geo+json", ReportJson.valid().point(next, next)
                .withText("mechanism", mechanism).withText("category", "INDIRECT_FIRE").with("count", String.valueOf(count))
                .json());
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?",
                UUID.fromString(a.json().path("id").asText()));
    }

    private static String body(String incident) {
        return "{\"incident\":\"" + incident + "\"}";
    }

    private static long count(String sql, String id) {
        return Rows.count(sql, UUID.fromString(id));
    }

    @Test
    void aMergeCombinesWithoutDoubleCountingLeadsToTheSurvivorAndIsUndone() {
        String survivor = incident(monitor, MECH, 12);
        String absorbed = incident(monitor, MECH, 20);
        String absorbedReport = Rows.text("SELECT report_id::text FROM incident_report WHERE incident_id = ?",
                UUID.fromString(absorbed));
        assertThat(delegate.post("/api/v1/incidents/" + absorbed + "/positions", JSON,
                "{\"party\":\"PARTY-A\",\"position\":\"disputes\",\"statement\":\"no unit there\"}").status()).isEqualTo(200);
        assertThat(chair.post("/api/v1/incidents/" + absorbed + "/comments", JSON, "{\"text\":\"seen from the ridge\"}")
                .status()).isEqualTo(200);

        Api.Answer merged = chair.post("/api/v1/incidents/" + survivor + "/merge", JSON, body(absorbed));
        assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
        JsonNode view = merged.json();
        assertThat(view.path("aggregate").path("reports").asInt()).isEqualTo(2);
        assertThat(view.path("aggregate").path("count").asInt()).as("the largest count, not 12 + 20").isEqualTo(20);
        assertThat(view.path("merged").get(0).path("id").asText()).isEqualTo(absorbed);
        assertThat(view.path("positions").toString()).contains("disputes");
        assertThat(view.path("history").toString()).contains("seen from the ridge").contains("merged into this one");
        // In the database: the report moved, confirmed; the absorbed incident merged, out of every count.
        assertThat(Rows.text("SELECT incident_id || ' ' || link FROM incident_report WHERE report_id = ?",
                UUID.fromString(absorbedReport))).isEqualTo(survivor + " confirmed");
        assertThat(Rows.text("SELECT status || ' ' || merged_into FROM incident WHERE id = ?", UUID.fromString(absorbed)))
                .isEqualTo("merged " + survivor);
        assertThat(count("SELECT count(*) FROM incident_statistics_v WHERE id = ?", absorbed)).isZero();
        assertThat(count("SELECT count(*) FROM incident_layer_v WHERE id = ?", absorbed)).isZero();
        assertThat(count("SELECT report_count FROM incident_statistics_v WHERE id = ?", survivor)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'incident.merge' AND target_id = ?::text", survivor))
                .isEqualTo(1);
        // The merged one leads to the survivor, and is in no queue.
        Api.Answer old = chair.get("/api/v1/incidents/" + absorbed);
        assertThat(old.status()).isEqualTo(307);
        assertThat(old.header("Location")).isEqualTo("/api/v1/incidents/" + survivor);
        assertThat(chair.get("/api/v1/queues/" + MECH + ".triage/items").body()).doesNotContain(absorbed).contains(survivor);

        Api.Answer undone = chair.post("/api/v1/incidents/" + survivor + "/unmerge", JSON, body(absorbed));
        assertThat(undone.status()).as(undone.toString()).isEqualTo(200);
        assertThat(undone.json().path("aggregate").path("reports").asInt()).isEqualTo(1);
        assertThat(undone.json().path("merged").size()).isZero();
        assertThat(Rows.text("SELECT incident_id || ' ' || link FROM incident_report WHERE report_id = ?",
                UUID.fromString(absorbedReport))).isEqualTo(absorbed + " origin");
        assertThat(Rows.text("SELECT status || ' ' || coalesce(merged_into::text, '-') FROM incident WHERE id = ?",
                UUID.fromString(absorbed))).isEqualTo("received -");
        assertThat(count("SELECT count(*) FROM incident_statistics_v WHERE id = ?", absorbed)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'incident.unmerge' AND target_id = ?::text",
                survivor)).isEqualTo(1);
        Api.Answer back = chair.get("/api/v1/incidents/" + absorbed);
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.json().path("positions").toString()).contains("disputes");
        assertThat(chair.post("/api/v1/incidents/" + survivor + "/unmerge", JSON, body(absorbed)).status())
                .as("nothing left to undo").isEqualTo(409);
    }

    @Test
    void mergesThatCannotBeAreRefusedAndChangeNothing() {
        String a = incident(monitor, MECH, 1);
        String b = incident(monitor, MECH, 1);
        String elsewhere = incident(otherMonitor, OTHER, 1);
        assertThat(chair.post("/api/v1/incidents/" + a + "/merge", JSON, body(a)).status()).isEqualTo(409);
        assertThat(chair.post("/api/v1/incidents/" + a + "/merge", JSON, body(elsewhere)).status()).isEqualTo(409);
        Api.Answer missing = chair.post("/api/v1/incidents/" + a + "/merge", JSON, "{}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/incident");
        assertThat(chair.post("/api/v1/incidents/" + a + "/merge", JSON, body("not-an-id")).status()).isEqualTo(422);
        assertThat(chair.post("/api/v1/incidents/" + a + "/merge", JSON, body(UUID.randomUUID().toString())).status())
                .isEqualTo(404);
        assertThat(delegate.post("/api/v1/incidents/" + a + "/merge", JSON, body(b)).status()).isEqualTo(403);
        assertThat(Rows.count("SELECT count(*) FROM incident WHERE id IN (?, ?, ?) AND status = 'merged'",
                UUID.fromString(a), UUID.fromString(b), UUID.fromString(elsewhere))).isZero();
        assertThat(Rows.count("SELECT count(*) FROM incident_merge WHERE survivor_id = ? OR absorbed_id = ?",
                UUID.fromString(a), UUID.fromString(a))).isZero();
    }

    @Test
    void anUndoAfterAMovedReportWasSplitOffIsRefused() {
        String survivor = incident(monitor, MECH, 3);
        String absorbed = incident(monitor, MECH, 4);
        String moved = Rows.text("SELECT report_id::text FROM incident_report WHERE incident_id = ?", UUID.fromString(absorbed));
        assertThat(chair.post("/api/v1/incidents/" + survivor + "/merge", JSON, body(absorbed)).status()).isEqualTo(200);
        assertThat(chair.post("/api/v1/incidents/" + survivor + "/reports/" + moved + "/split", JSON, "{}").status())
                .isEqualTo(200);
        Api.Answer undo = chair.post("/api/v1/incidents/" + survivor + "/unmerge", JSON, body(absorbed));
        assertThat(undo.status()).isEqualTo(409);
        assertThat(undo.json().path("detail").asText()).contains(moved);
        assertThat(Rows.text("SELECT status FROM incident WHERE id = ?", UUID.fromString(absorbed))).isEqualTo("merged");
    }

    @Test
    void twoChairsMergingAPairEachWayAtOnceLeaveOneMerge() throws Exception {
        String a = incident(monitor, MECH, 1);
        String b = incident(monitor, MECH, 1);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (String[] pair : new String[][] {{a, b}, {b, a}}) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return chair.post("/api/v1/incidents/" + pair[0] + "/merge", JSON, body(pair[1])).status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : answers) {
                statuses.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Rows.count("SELECT count(*) FROM incident WHERE id IN (?, ?) AND status = 'merged'", UUID.fromString(a),
                UUID.fromString(b))).isEqualTo(1);
    }
}

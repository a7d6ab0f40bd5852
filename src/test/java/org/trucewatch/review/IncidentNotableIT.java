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
 * The chair marks an incident notable for the periodic reports (issue 16: "the notable incidents
 * the chair selected, with a summary"): whoever works it marks, changes and withdraws the mark;
 * a missing or overlong summary is a 422 naming {@code /summary}; each step is a row of
 * {@code notable_mark}, an entry of the history and an audit event by that chair, and a step that
 * changes nothing records nothing; a delegate reads the mark and the summary (their report names
 * it) but not who marked it, and may not mark.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentNotableIT implements PostgisFixture {
    static final String MECH = "notable-mech";
    static final String OTHER = "notable-other";
    static final String JSON = "application/json";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;

    Api monitor;
    Api chair;
    String chairName;
    Api delegate;
    Api otherChair;
    double next = 30;

    @BeforeAll
    void setUp() {
        TestProtocols.load(mechanisms, MECH);
        TestProtocols.load(mechanisms, OTHER);
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        monitor = users.as("monitor", grant("monitor", MECH));
        chairName = users.create("chair", grant("chair", MECH));
        chair = users.signIn(chairName);
        delegate = users.as("delegate", delegate(MECH, "PARTY-A"));
        otherChair = users.as("chair", grant("chair", OTHER));
    }

    private String incident(String category) {
        next += 0.5;
        Api.Answer a = monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid().point(next, next)
                .withText("mechanism", MECH).withText("category", category).json());
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?",
                UUID.fromString(a.json().path("id").asText()));
    }

    private static String mark(String summary, Boolean publishable) {
        return "{\"summary\":" + (summary == null ? "null" : "\"" + summary + "\"")
                + (publishable == null ? "" : ",\"publishable\":" + publishable) + "}";
    }

    @Test
    void theChairMarksChangesAndWithdrawsAndEachStepIsRecordedOnce() {
        String id = incident("EXPLOSION");
        String path = "/api/v1/incidents/" + id + "/notable";
        assertThat(chair.get("/api/v1/incidents/" + id).json().path("actions").toString()).contains("\"notable\"");
        assertThat(chair.get("/api/v1/incidents/" + id).json().has("notable")).isFalse();

        // Marked: not for the public unless the chair says so.
        Api.Answer marked = chair.put(path, JSON, mark("Shelling of the school at Marwahin", null));
        assertThat(marked.status()).as(marked.toString()).isEqualTo(200);
        JsonNode n = marked.json().path("notable");
        assertThat(n.path("summary").asText()).isEqualTo("Shelling of the school at Marwahin");
        assertThat(n.path("publishable").asBoolean()).isFalse();
        assertThat(n.path("markedBy").asText()).isEqualTo(chairName);
        assertThat(n.path("markedAt").asText()).isNotEmpty();

        // The same mark again changes nothing and records nothing; a change is recorded.
        assertThat(chair.put(path, JSON, mark("Shelling of the school at Marwahin", false)).status()).isEqualTo(200);
        Api.Answer changed = chair.put(path, JSON, mark("  Shelling of the school at Marwahin, two rounds  ", true));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().path("notable").path("summary").asText()).isEqualTo("Shelling of the school at Marwahin, two rounds");
        assertThat(changed.json().path("notable").path("publishable").asBoolean()).isTrue();

        // The delegate reads the mark and its summary (the parties' report names it), not who marked it.
        JsonNode seen = delegate.get("/api/v1/incidents/" + id).json();
        assertThat(seen.path("visibility").asText()).isEqualTo("REDACTED");
        assertThat(seen.path("notable").path("summary").asText()).isEqualTo("Shelling of the school at Marwahin, two rounds");
        assertThat(seen.path("notable").path("publishable").asBoolean()).isTrue();
        assertThat(seen.path("notable").has("markedBy")).isFalse();
        assertThat(seen.toString()).doesNotContain(chairName);
        assertThat(seen.path("actions").toString()).doesNotContain("notable");

        // Withdrawn: gone from the view; a second withdrawal is a conflict.
        Api.Answer withdrawn = chair.send("DELETE", path);
        assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(200);
        assertThat(withdrawn.json().has("notable")).isFalse();
        Api.Answer again = chair.send("DELETE", path);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.json().path("detail").asText()).contains("not marked notable");

        // In the database: three marks (the repeat wrote none), the history and the audit chain in step.
        assertThat(Rows.text("SELECT string_agg(coalesce(summary, '-') || ' ' || publishable || ' ' || marked_by, ' | ' "
                + "ORDER BY seq) FROM notable_mark WHERE incident_id = ?::uuid", id)).isEqualTo(
                "Shelling of the school at Marwahin false " + chairName + " | Shelling of the school at Marwahin, two rounds true "
                        + chairName + " | - false " + chairName);
        assertThat(Rows.text("SELECT string_agg(kind, ' ' ORDER BY seq) FROM incident_event WHERE incident_id = ?::uuid "
                + "AND kind LIKE 'notable%'", id)).isEqualTo("notable notable_publishable notable_withdrawn");
        assertThat(Rows.text("SELECT string_agg(action || ' by ' || actor, ', ' ORDER BY seq) FROM audit_event "
                + "WHERE target_id = ? AND action LIKE '%notable'", id)).isEqualTo("incident.mark_notable by " + chairName
                + ", incident.mark_notable by " + chairName + ", incident.unmark_notable by " + chairName);
        // The delegate's history names the steps, not who took them nor the summary.
        JsonNode history = delegate.get("/api/v1/incidents/" + id).json().path("history");
        List<String> kinds = new ArrayList<>();
        history.forEach(e -> {
            kinds.add(e.path("kind").asText());
            assertThat(e.has("actor")).isFalse();
            assertThat(e.has("body")).isFalse();
        });
        assertThat(kinds).containsSubsequence("notable", "notable_publishable", "notable_withdrawn");
    }

    @Test
    void theSummaryIsRequiredAndBoundedAndOnlyWhoWorksTheIncidentMarksIt() {
        String id = incident("SMALL_ARMS_FIRE");
        String path = "/api/v1/incidents/" + id + "/notable";
        for (String body : List.of("{}", mark(null, true), mark("   ", false), mark("x".repeat(1001), false))) {
            Api.Answer refused = chair.put(path, JSON, body);
            assertThat(refused.status()).as(body.length() > 60 ? "1,001 characters" : body).isEqualTo(422);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/summary");
        }
        // 1,000 characters, the longest, counted as characters (an Arabic letter is one, not two bytes).
        assertThat(chair.put(path, JSON, mark("ق".repeat(1000), false)).status()).isEqualTo(200);
        assertThat(Rows.count("SELECT count(*) FROM notable_mark WHERE incident_id = ?::uuid", id)).isEqualTo(1);

        Api.Answer byDelegate = delegate.put(path, JSON, mark("from a party", true));
        assertThat(byDelegate.status()).isEqualTo(403);
        assertThat(byDelegate.contentType()).startsWith("application/problem+json");
        assertThat(delegate.send("DELETE", path).status()).isEqualTo(403);
        assertThat(otherChair.put(path, JSON, mark("from another mechanism", true)).status()).isEqualTo(404);
        assertThat(otherChair.send("DELETE", path).status()).isEqualTo(404);
        assertThat(Rows.count("SELECT count(*) FROM notable_mark WHERE incident_id = ?::uuid", id)).isEqualTo(1);
    }
}

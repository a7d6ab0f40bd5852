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

/** A chair's action on many incidents at once: each done or refused on its own, as it would be alone. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkActionsIT implements PostgisFixture {
    static final String MECH = "bulk-mech";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;

    Api monitor;
    Api chair;
    Api colleague;
    String colleagueName;
    Api delegateApi;
    double east = 35.10;
    int made;
    /**
     * When this run's reports were observed: a day of its own, so that a report of an earlier run
     * against the same database is never taken for the same event (the duplicate rule).
     */
    final java.time.OffsetDateTime observed = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)
            .minusDays(1 + new java.util.Random().nextInt(3000)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    @BeforeAll
    void setUp() {
        TestProtocols.load(mechanisms, MECH);
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        monitor = users.as("monitor", grant("monitor", MECH));
        chair = users.as("chair", grant("chair", MECH));
        colleagueName = users.create("chair", grant("chair", MECH));
        colleague = users.signIn(colleagueName);
        delegateApi = users.as("delegate", delegate(MECH, "PARTY-A"));
    }

    /**
     * New incidents that none can be taken for another's event (the duplicate rule: near in space
     * and time): each about 9 km from the last and observed an hour apart.
     */
    private List<String> incidents(int n) {
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            east += 0.1;
            Api.Answer a = monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid().point(east, 33.5)
                    .withText("observedAt", observed.minusHours(++made).toString()).json());
            assertThat(a.status()).as(a.toString()).isEqualTo(201);
            ids.add(Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?",
                    UUID.fromString(a.json().path("id").asText())));
        }
        return ids;
    }

    private Api.Answer bulk(Api who, String json) {
        return who.post("/api/v1/incidents/bulk", "application/json", json);
    }

    private static String list(List<String> ids) {
        return "[\"" + String.join("\",\"", ids) + "\"]";
    }

    @Test
    void aChairTriagesTwentyIncidentsInOneRequest() {
        List<String> ids = incidents(20);
        Api.Answer a = bulk(chair, "{\"action\":\"triage\",\"incidents\":" + list(ids) + "}");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().path("done").asInt()).isEqualTo(20);
        assertThat(a.json().path("refused").asInt()).isZero();
        for (JsonNode outcome : a.json().path("outcomes")) {
            assertThat(outcome.path("status").asInt()).isEqualTo(200);
            assertThat(outcome.path("view").path("status").asText()).isEqualTo("triaged");
        }
        assertThat(Rows.count("SELECT count(*) FROM incident WHERE id = ANY(?::uuid[]) AND status = 'triaged'",
                (Object) ids.toArray(new String[0]))).isEqualTo(20);
        // Each move is in the incident's history and the audit chain, as one alone would be.
        assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE action = 'incident.transition'"
                + " AND target_id = ANY(?::text[])", (Object) ids.toArray(new String[0]))).isEqualTo(20);
    }

    @Test
    void eachIncidentIsDoneOrRefusedOnItsOwnAndAHeldOneSaysWhoHoldsIt() {
        List<String> ids = incidents(3);
        assertThat(colleague.post("/api/v1/incidents/" + ids.get(1) + "/claim", "application/json", "{}").status())
                .isEqualTo(200);
        Api.Answer a = bulk(chair, "{\"action\":\"claim\",\"incidents\":" + list(ids) + "}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("done").asInt()).isEqualTo(2);
        JsonNode held = a.json().path("outcomes").get(1);
        assertThat(held.path("incident").asText()).isEqualTo(ids.get(1));
        assertThat(held.path("status").asInt()).isEqualTo(409);
        assertThat(held.path("problem").path("detail").asText()).contains("held by " + colleagueName);
        assertThat(Rows.text("SELECT claimed_by FROM incident WHERE id = ?", UUID.fromString(ids.get(1))))
                .isEqualTo(colleagueName);
        assertThat(Rows.text("SELECT claimed_by FROM incident WHERE id = ?", UUID.fromString(ids.get(2))))
                .isNotEqualTo(colleagueName).isNotNull();
    }

    @Test
    void aDelegateChangesNothing() {
        List<String> ids = incidents(2);
        Api.Answer a = bulk(delegateApi, "{\"action\":\"transition\",\"to\":\"triaged\",\"incidents\":" + list(ids) + "}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("done").asInt()).isZero();
        a.json().path("outcomes").forEach(o -> assertThat(o.path("status").asInt()).isEqualTo(403));
        assertThat(Rows.count("SELECT count(*) FROM incident WHERE id = ANY(?::uuid[]) AND status = 'received'",
                (Object) ids.toArray(new String[0]))).isEqualTo(2);
    }

    @Test
    void aBadCommandIsRefusedWholeNamingTheField() {
        String some = list(incidents(1));
        String many = list(java.util.Collections.nCopies(201, UUID.randomUUID().toString()));
        String[][] bad = {
            {"{\"action\":\"claim\",\"incidents\":[]}", "/incidents"},
            {"{\"action\":\"claim\"}", "/incidents"},
            {"{\"action\":\"claim\",\"incidents\":" + many + "}", "/incidents"},
            {"{\"action\":\"claim\",\"incidents\":[\" \"]}", "/incidents/0"},
            {"{\"action\":\"delete\",\"incidents\":" + some + "}", "/action"},
            {"{\"action\":\"assign\",\"incidents\":" + some + "}", "/assignee"},
            {"{\"action\":\"transition\",\"incidents\":" + some + "}", "/to"},
        };
        for (String[] b : bad) {
            Api.Answer refused = bulk(chair, b[0]);
            assertThat(refused.status()).as(b[0]).isEqualTo(422);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().path("errors").get(0).path("pointer").asText()).as(b[0]).isEqualTo(b[1]);
        }
        assertThat(Rows.count("SELECT count(*) FROM incident WHERE id = ?::uuid AND status = 'received'",
                some.substring(2, some.length() - 2))).isEqualTo(1);
    }
}

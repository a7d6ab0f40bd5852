package org.trucewatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.TestUsers;

/**
 * Party delegates and GIS staff see their mechanism's reports without the confidential
 * fields, and never a report of a sensitive category; the chair sees everything. Checked
 * through every outlet that exists: the report, the report list.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedactionIT implements PostgisFixture {
    static final String MECH = "redaction-mech";
    static final String SOURCE = "Mukhtar Haddad, phone 555-0199";
    static final String NOTES = "met at the checkpoint; fears reprisals";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;

    Api chair;
    Api delegate;
    Api gis;
    String ordinary;
    String sensitive;
    String monitorName;

    @BeforeAll
    void setUp() {
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        monitorName = users.create("monitor", grant("monitor", MECH));
        Api monitor = users.signIn(monitorName);
        chair = users.as("chair", grant("chair", MECH));
        delegate = users.as("delegate", delegate(MECH, "LAF"));
        gis = users.as("gis", grant("gis_analyst", MECH));
        String source = "{\"type\":\"PARTY_COMPLAINT\",\"reliability\":\"C\",\"identity\":\"" + SOURCE
                + "\",\"notes\":\"" + NOTES + "\"}";
        ordinary = monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid().point(-60, -50)
                .with("source", source).json()).json().path("id").asText();
        sensitive = monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid().point(-60.01, -50)
                .withText("category", "SEXUAL_VIOLENCE").with("source", source).json()).json().path("id").asText();
    }

    @Test
    void theChairSeesSourcesAndTheMonitor() {
        JsonNode p = chair.get("/api/v1/reports/" + ordinary).json().path("properties");
        assertThat(p.path("source").path("identity").asText()).isEqualTo(SOURCE);
        assertThat(p.path("source").path("notes").asText()).isEqualTo(NOTES);
        assertThat(p.path("submittedBy").asText()).isEqualTo(monitorName);
        assertThat(chair.get("/api/v1/reports/" + sensitive).status()).isEqualTo(200);
    }

    @Test
    void delegatesAndGisStaffGetTheReportWithoutConfidentialFields() {
        for (Api reader : List.of(delegate, gis)) {
            Api.Answer answer = reader.get("/api/v1/reports/" + ordinary);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).doesNotContain(SOURCE).doesNotContain(NOTES).doesNotContain(monitorName);
            JsonNode p = answer.json().path("properties");
            assertThat(p.has("submittedBy")).isFalse();
            assertThat(p.path("source").has("identity")).isFalse();
            assertThat(p.path("source").path("type").asText()).as("the grading stays").isEqualTo("PARTY_COMPLAINT");
            assertThat(p.path("source").path("reliability").asText()).isEqualTo("C");
            assertThat(p.path("category").asText()).isEqualTo("SMALL_ARMS_FIRE");
        }
    }

    @Test
    void aSensitiveReportDoesNotExistForDelegatesAndGisStaff() {
        for (Api reader : List.of(delegate, gis)) {
            Api.Answer answer = reader.get("/api/v1/reports/" + sensitive);
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.body()).doesNotContain(SOURCE);
        }
    }

    @Test
    void theListIsRedactedTheSameWayAndLeavesSensitiveReportsOut() {
        String box = "/api/v1/reports?bbox=-60.5,-50.5,-59.5,-49.5";
        for (Api reader : List.of(delegate, gis)) {
            Api.Answer answer = reader.get(box);
            assertThat(answer.body()).doesNotContain(SOURCE).doesNotContain(NOTES).doesNotContain(monitorName);
            assertThat(ids(answer)).containsExactly(ordinary);
        }
        Api.Answer full = chair.get(box);
        assertThat(ids(full)).containsExactly(ordinary, sensitive);
        assertThat(full.body()).contains(SOURCE);
    }

    private static List<String> ids(Api.Answer answer) {
        List<String> ids = new ArrayList<>();
        answer.json().path("features").forEach(f -> ids.add(f.path("id").asText()));
        return ids;
    }
}

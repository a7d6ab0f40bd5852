package org.trucewatch.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.UUID;
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
 * A correction is a new version: {@code "corrects": id} of the latest version issues the next one,
 * which names it in {@code replaces}; both stay listed, the old one byte for byte as issued (its
 * stored text, its SHA-256 and its downloads); only the latest version may be corrected, so a second
 * correction of the old one is refused and issues nothing.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportCorrectionIT implements PostgisFixture {
    private static final String JSON = "application/json";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;

    @Test
    void aCorrectionIsANewVersionThatNamesTheOneItReplacesAndLeavesItUnchanged() throws Exception {
        String m = "correct-" + UUID.randomUUID().toString().substring(0, 8);
        mechanisms.load(TestProtocols.lebanonLike(m), "test");
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        Api monitor = users.as(m + "-monitor", grant("monitor", m));
        Api chair = users.as(m + "-chair", grant("chair", m));
        submit(monitor, m, 35.1, "2026-03-15T12:00:00+02:00");

        String reports = "/api/v1/mechanisms/" + m + "/reports";
        Api.Answer first = chair.post(reports, JSON, "{\"kind\":\"monthly\",\"period\":\"2026-03\"}");
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        String v1 = first.json().path("id").asText();
        assertThat(first.json().path("version").asInt()).isEqualTo(1);
        String stored = Rows.text("SELECT content FROM issued_report WHERE id = ?::uuid", v1);
        String sha = Rows.text("SELECT encode(sha256, 'hex') FROM issued_report WHERE id = ?::uuid", v1);
        byte[] json = ReportFiles.download(server.getURI(), chair, reports + "/" + v1).body();
        byte[] csv = ReportFiles.download(server.getURI(), chair, reports + "/" + v1 + ".csv").body();

        // A report of March arrives late; the chair corrects the month.
        submit(monitor, m, 35.6, "2026-03-20T12:00:00+02:00");
        Api.Answer second = chair.post(reports, JSON, "{\"kind\":\"monthly\",\"period\":\"2026-03\",\"corrects\":\"" + v1 + "\"}");
        assertThat(second.status()).as(second.toString()).isEqualTo(201);
        String v2 = second.json().path("id").asText();
        assertThat(second.json().path("version").asInt()).isEqualTo(2);
        assertThat(second.json().path("replaces").asText()).isEqualTo(v1);

        JsonNode list = chair.get(reports).json();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("id").asText()).isEqualTo(v2);
        assertThat(list.get(0).path("replaces").asText()).isEqualTo(v1);
        assertThat(list.get(1).path("id").asText()).isEqualTo(v1);
        assertThat(list.get(1).path("replaces").isMissingNode() || list.get(1).path("replaces").isNull()).isTrue();
        assertThat(list.get(1).path("sha256").asText()).isEqualTo(sha);

        assertThat(Rows.text("SELECT content FROM issued_report WHERE id = ?::uuid", v1)).isEqualTo(stored);
        assertThat(ReportFiles.download(server.getURI(), chair, reports + "/" + v1).body()).isEqualTo(json);
        assertThat(ReportFiles.download(server.getURI(), chair, reports + "/" + v1 + ".csv").body()).isEqualTo(csv);
        assertThat(chair.get(reports + "/" + v1).json().path("content").path("totals").path("incidents").path("value")
                .asLong()).isEqualTo(1);
        assertThat(chair.get(reports + "/" + v2).json().path("content").path("totals").path("incidents").path("value")
                .asLong()).isEqualTo(2);

        // Only the latest version may be corrected: the old one again is refused, naming the field, and adds nothing.
        Api.Answer again = chair.post(reports, JSON, "{\"kind\":\"monthly\",\"period\":\"2026-03\",\"corrects\":\"" + v1 + "\"}");
        assertThat(again.status()).as(again.toString()).isEqualTo(400);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.json().path("errors").get(0).path("parameter").asText()).isEqualTo("corrects");
        // Without corrects, the period's report is issued already: 409 naming the latest version.
        Api.Answer plain = chair.post(reports, JSON, "{\"kind\":\"monthly\",\"period\":\"2026-03\"}");
        assertThat(plain.status()).isEqualTo(409);
        assertThat(plain.body()).contains(v2);
        assertThat(Rows.count("SELECT count(*) FROM issued_report WHERE mechanism_code = ?", m)).isEqualTo(2);
        assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE action = 'report.issue' AND target_id IN (?, ?)", v1, v2))
                .isEqualTo(2);
    }

    private static void submit(Api monitor, String mechanism, double lon, String observedAt) {
        Api.Answer a = monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid().point(lon, 33.2)
                .withText("mechanism", mechanism).withText("category", "EXPLOSION").withText("observedAt", observedAt).json());
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
    }
}

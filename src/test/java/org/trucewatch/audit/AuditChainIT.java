package org.trucewatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.AuditSeals;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestDatabase;
import org.trucewatch.support.TestUsers;

/**
 * The audit log cannot be changed by the service's own database role, and a superuser who
 * changes or removes a sealed row anyway is caught by verification, which names the row.
 * Rows are sealed shortly after their commit: the tests wait for that, with a deadline.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditChainIT implements PostgisFixture {
    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    Api admin;
    Api monitor;

    @BeforeAll
    void setUp() {
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        admin = users.as("admin", TestUsers.admin());
        monitor = users.as("monitor", TestUsers.grant("monitor", "audit-mech"));
    }

    private JsonNode verify() {
        Api.Answer answer = admin.get("/api/v1/admin/audit/verify");
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    /** Submits a report and waits until its event is sealed; returns the event's seq. */
    private long submit() throws InterruptedException {
        String id = monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid().json()).json().path("id").asText();
        long seq = Rows.count("SELECT seq FROM audit_event WHERE action = 'report.create' AND target_id = ?", id);
        AuditSeals.awaitSealed(seq);
        return seq;
    }

    @Test
    void everyReportIsInTheChainWithItsDigest() {
        String id = monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid().json()).json().path("id").asText();
        JsonNode events = admin.get("/api/v1/admin/audit?targetType=report&targetId=" + id).json();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("action").asText()).isEqualTo("report.create");
        assertThat(events.get(0).path("afterDigest").asText()).hasSize(64);
        assertThat(events.get(0).path("actor").asText()).startsWith("monitor-");
        assertThat(verify().path("intact").asBoolean()).isTrue();
    }

    @Test
    void theServicesRoleCannotUpdateOrDeleteAuditRows() throws Exception {
        long seq = submit();
        try (Connection app = TestDatabase.get().connect(); Statement s = app.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_event SET actor = 'x' WHERE seq = " + seq))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_event WHERE seq = " + seq))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
        assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE seq = ?", seq)).isEqualTo(1);
    }

    @Test
    void aRowAlteredByASuperuserIsNamedByVerify() throws Exception {
        long seq = submit();
        submit();
        String actor = Rows.text("SELECT actor FROM audit_event WHERE seq = ?", seq);
        try (Connection root = TestDatabase.get().connectAsSuperuser(); Statement s = root.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.executeUpdate("UPDATE audit_event SET actor = 'someone-else' WHERE seq = " + seq);

            JsonNode broken = verify();
            assertThat(broken.path("intact").asBoolean()).isFalse();
            assertThat(broken.path("firstBrokenSeq").asLong()).isEqualTo(seq);
            assertThat(broken.path("reason").asText()).contains("altered");

            s.executeUpdate("UPDATE audit_event SET actor = '" + actor + "' WHERE seq = " + seq);
        }
        assertThat(verify().path("intact").asBoolean()).as("restored").isTrue();
    }

    @Test
    void aRowDeletedByASuperuserBreaksTheLinkOfTheNextRow() throws Exception {
        long seq = submit();
        long next = submit();
        try (Connection root = TestDatabase.get().connectAsSuperuser(); Statement s = root.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.execute("CREATE TEMP TABLE removed AS SELECT * FROM audit_event WHERE seq = " + seq);
            s.executeUpdate("DELETE FROM audit_event WHERE seq = " + seq);

            JsonNode broken = verify();
            assertThat(broken.path("intact").asBoolean()).isFalse();
            assertThat(broken.path("firstBrokenSeq").asLong()).isEqualTo(next);
            assertThat(broken.path("reason").asText()).contains("removed");

            s.executeUpdate("INSERT INTO audit_event OVERRIDING SYSTEM VALUE SELECT * FROM removed");
        }
        assertThat(verify().path("intact").asBoolean()).as("restored").isTrue();
    }
}

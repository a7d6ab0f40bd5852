package org.trucewatch.mechanisms;

import org.trucewatch.review.IncidentWorkflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.grant;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Principal;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;

/**
 * The repositories Micronaut Data generates (incident history, party positions, users and
 * grants) write on the connection of the caller's transaction, the one the hand-written
 * repositories and the audit chain use: a comment and its {@code incident.comment} audit
 * event commit together, and a rolled-back transaction leaves neither behind.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedRepositoryTransactionIT implements PostgisFixture {
    static final String MECH = "tx-mech";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;
    @Inject
    IncidentWorkflow workflow;
    @Inject
    TransactionOperations<Connection> tx;
    @Inject
    JdbcOperations jdbc;

    TestUsers users;
    Principal chair;
    UUID incident;

    @BeforeAll
    void setUp() {
        TestProtocols.load(mechanisms, MECH);
        users = new TestUsers(access, new Api(server.getURI()));
        Api monitor = users.as("monitor", grant("monitor", MECH));
        chair = new Principal(users.create("chair", grant("chair", MECH)), List.of(grant("chair", MECH)));
        Api.Answer report = monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid().json());
        assertThat(report.status()).as(report.toString()).isEqualTo(201);
        incident = UUID.fromString(Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?",
                UUID.fromString(report.json().path("id").asText())));
    }

    private long comments(String body) {
        return Rows.count("SELECT count(*) FROM incident_event WHERE incident_id = ? AND kind = 'comment' AND body = ?",
                incident, body);
    }

    private long audited(String action) {
        return Rows.count("SELECT count(*) FROM audit_event WHERE action = ? AND target_id = ?", action,
                incident.toString());
    }

    /** Counted on the transaction's own connection, through the hand-written JDBC path. */
    private long countInTransaction(String sql, Object... binds) {
        return jdbc.prepareStatement(sql, ps -> {
            for (int i = 0; i < binds.length; i++) {
                ps.setObject(i + 1, binds[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void aCommentAndItsAuditEventCommitTogether() {
        String body = "committed " + UUID.randomUUID();
        long before = audited("incident.comment");

        workflow.comment(incident, chair, body);

        assertThat(comments(body)).isEqualTo(1);
        assertThat(audited("incident.comment")).isEqualTo(before + 1);
    }

    @Test
    void aRolledBackCommentLeavesNeitherTheEntryNorItsAuditEvent() {
        String body = "rolled back " + UUID.randomUUID();
        long before = audited("incident.comment");

        tx.executeWrite(status -> {
            workflow.comment(incident, chair, body);
            assertThat(countInTransaction("SELECT count(*) FROM incident_event WHERE incident_id = ? AND body = ?",
                    incident, body)).as("the generated insert, seen on the transaction's connection").isEqualTo(1);
            status.setRollbackOnly();
            return null;
        });

        assertThat(comments(body)).isZero();
        assertThat(audited("incident.comment")).isEqualTo(before);
    }

    @Test
    void aRolledBackPositionLeavesNeitherThePositionNorItsAuditEvent() {
        long before = audited("incident.position");

        tx.executeWrite(status -> {
            workflow.position(incident, chair, new IncidentWorkflow.PositionCommand("PARTY-B", "disputes", "no"));
            assertThat(countInTransaction("SELECT count(*) FROM party_position WHERE incident_id = ?", incident))
                    .isEqualTo(1);
            status.setRollbackOnly();
            return null;
        });

        assertThat(Rows.count("SELECT count(*) FROM party_position WHERE incident_id = ?", incident)).isZero();
        assertThat(audited("incident.position")).isEqualTo(before);
    }

    @Test
    void aRolledBackUserAndGrantLeaveNoRowsAndNoAuditEvents() {
        String name = "rolled-back-" + UUID.randomUUID().toString().substring(0, 8);

        tx.executeWrite(status -> {
            access.createUser("test", new AccessService.CreateUserCommand(name, "Rolled back", TestUsers.PASSWORD));
            assertThat(access.grant("test", name, grant("chair", MECH)).grants()).hasSize(1);
            status.setRollbackOnly();
            return null;
        });

        assertThat(Rows.count("SELECT count(*) FROM app_user WHERE username = ?", name)).isZero();
        assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE target_id = ?", name)).isZero();
    }
}

package org.trucewatch.review;

import org.trucewatch.mechanisms.MechanismService;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.trucewatch.support.Poll;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestDatabase;
import org.trucewatch.support.TestProtocols;

/**
 * Two service instances (two application contexts on one database) run the deadline job
 * at the same moment, several times: every overdue incident is escalated exactly once.
 */
class EscalationJobIT {
    static final String MECH = "escalation-mech";
    static final int OVERDUE = 40;

    private static ApplicationContext instance() {
        Map<String, Object> p = new HashMap<>(TestDatabase.get().properties());
        p.put("micronaut.security.token.jwt.signatures.secret.generator.secret", "x".repeat(64));
        p.put("trucewatch.incidents.escalation.enabled", "true");
        p.put("trucewatch.incidents.escalation.initial-delay", "1h");
        return ApplicationContext.builder().environments("test").properties(p).start();
    }

    @Test
    void twoInstancesEscalateEachOverdueIncidentOnce() throws Exception {
        try (ApplicationContext a = instance(); ApplicationContext b = instance()) {
            TestProtocols.load(a.getBean(MechanismService.class), MECH);
            List<UUID> ids = insertOverdue();
            EscalationJob jobA = a.getBean(EscalationJob.class);
            EscalationJob jobB = b.getBean(EscalationJob.class);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Integer>> runs = new ArrayList<>();
            for (EscalationJob job : List.of(jobA, jobB, jobA, jobB)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return job.escalateOverdue();
                }));
            }
            start.countDown();
            int escalated = 0;
            for (Future<Integer> run : runs) {
                escalated += run.get();
            }
            pool.shutdown();
            // A row another writer holds at that moment (the reference assigner numbering a new
            // incident) is skipped, not waited for, and taken by a later run: run both instances
            // again, as their schedules would, until every overdue incident has been taken.
            // (Stopping at the first round that takes nothing is not enough: the assigner may still
            // hold the row then; CI saw 39.)
            int[] later = {0};
            Poll.until("every overdue incident escalated", Duration.ofSeconds(30), () -> {
                later[0] += jobA.escalateOverdue() + jobB.escalateOverdue();
                return Rows.count("SELECT count(DISTINCT e.incident_id) FROM incident_event e JOIN incident i "
                        + "ON i.id = e.incident_id WHERE i.mechanism_code = ? AND e.kind = 'escalation'", MECH);
            }, n -> n == OVERDUE);
            escalated += later[0];

            assertThat(escalated).as("rows taken over all runs").isEqualTo(OVERDUE);
            for (UUID id : ids) {
                assertThat(Rows.count("SELECT count(*) FROM incident_event WHERE incident_id = ? AND kind = 'escalation'", id))
                        .as("escalations of " + id).isEqualTo(1);
                assertThat(Rows.text("SELECT status || '/' || level_code || '/' || coalesce(team_code, 'plenary') "
                        + "FROM incident WHERE id = ?", id)).isEqualTo("escalated/tripartite/plenary");
            }
        }
    }

    /**
     * An overdue incident with nowhere to go (in the one team of colombia-mmv's national level, the
     * top) is left where it is, and the others are escalated: it once failed every pass, rolling back
     * every mechanism's escalations.
     */
    @Test
    void anOverdueIncidentWithNowhereToGoDoesNotStopTheOthers() throws Exception {
        String mech = "escalation-top-" + UUID.randomUUID().toString().substring(0, 8);
        try (ApplicationContext a = instance()) {
            a.getBean(MechanismService.class).load(TestProtocols.colombiaLike(mech), "test");
            UUID top = insert(mech, "national", "national", "3 hours");
            UUID regional = insert(mech, "regional", "mmv-regional-meta", "1 hour");
            EscalationJob job = a.getBean(EscalationJob.class);
            assertThat(job.escalateOverdue()).isEqualTo(1);
            assertThat(job.escalateOverdue()).as("nothing else is overdue").isZero();
            assertThat(Rows.text("SELECT status || '/' || level_code || '/' || team_code FROM incident WHERE id = ?", top))
                    .isEqualTo("triaged/national/national");
            assertThat(Rows.text("SELECT status || '/' || level_code || '/' || team_code FROM incident WHERE id = ?",
                    regional)).isEqualTo("escalated/national/national");
            assertThat(Rows.count("SELECT count(*) FROM incident_event WHERE incident_id = ? AND kind = 'escalation'", top))
                    .isZero();
        }
    }

    private static UUID insert(String mechanism, String level, String team, String overdueBy) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = TestDatabase.get().connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO incident (id, mechanism_code, level_code, team_code, status, category, severity, deadline, "
                        + "geom, observed_at, protocol_version, created_at, updated_at) VALUES (?, ?, ?, ?, 'triaged', "
                        + "'EXPLOSION', 3, now() - CAST(? AS interval), ST_SetSRID(ST_MakePoint(-75.1, 6.9), 4326), "
                        + "now() - interval '4 days', 1, now(), now())")) {
            ps.setObject(1, id);
            ps.setString(2, mechanism);
            ps.setString(3, level);
            ps.setString(4, team);
            ps.setString(5, overdueBy);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        return id;
    }

    /** Overdue incidents in a team queue of the top (only) level: the job moves them to the level's plenary. */
    private static List<UUID> insertOverdue() throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = TestDatabase.get().connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO incident (id, mechanism_code, level_code, team_code, status, category, severity, deadline, "
                        + "geom, observed_at, protocol_version, created_at, updated_at) VALUES (?, ?, 'tripartite', "
                        + "'sector-west', 'triaged', 'EXPLOSION', 3, now() - interval '1 hour', "
                        + "ST_SetSRID(ST_MakePoint(35.3, 33.2), 4326), now() - interval '4 days', 1, now(), now())")) {
            for (int i = 0; i < OVERDUE; i++) {
                UUID id = UUID.randomUUID();
                ps.setObject(1, id);
                ps.setString(2, MECH);
                ps.addBatch();
                ids.add(id);
            }
            ps.executeBatch();
        }
        return ids;
    }
}

package org.trucewatch.mechanisms;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Rows;
import org.trucewatch.support.ServiceInstances;
import org.trucewatch.support.TestDatabase;
import org.trucewatch.support.TestUsers;

/**
 * Incident references: two service instances (two application contexts on one database)
 * number incidents while others are still being inserted, and every incident ends with one
 * reference, the numbers of a mechanism's year running 1..n with no gap and no repeat; a
 * reference names its incident in the API as its id does, for those who may see it.
 */
class IncidentReferenceIT {
    private static ApplicationContext instance(boolean server) {
        return ServiceInstances.start(server);
    }

    @Test
    void twoInstancesNumberConcurrentIncidentsGapFreeAndOnce() throws Exception {
        String mechanism = "refs-" + UUID.randomUUID().toString().substring(0, 8);
        int writers = 4;
        int perWriter = 75;
        try (ApplicationContext a = instance(false); ApplicationContext b = instance(false)) {
            IncidentReferences one = a.getBean(IncidentReferences.class);
            IncidentReferences two = b.getBean(IncidentReferences.class);
            AtomicBoolean inserting = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                work.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perWriter; i++) {
                        insert(mechanism, "2026-03-01T10:00:00Z");
                    }
                    return null;
                }));
            }
            List<Future<Integer>> assigners = new ArrayList<>();
            for (IncidentReferences references : List.of(one, two)) {
                assigners.add(pool.submit(() -> {
                    start.await();
                    int numbered = 0;
                    while (inserting.get()) {
                        numbered += references.numberPending();
                    }
                    return numbered;
                }));
            }
            start.countDown();
            for (Future<?> f : work) {
                f.get();
            }
            inserting.set(false);
            int numbered = 0;
            for (Future<Integer> f : assigners) {
                numbered += f.get();
            }
            pool.shutdown();
            assertThat(one.numberCommitted(Duration.ofSeconds(30))).isTrue();

            int total = writers * perWriter;
            assertThat(Rows.count("SELECT count(*) FROM incident WHERE mechanism_code = ? AND reference IS NULL", mechanism))
                    .isZero();
            // Every number 1..total once, in references of the default prefix (no protocol: the code in capitals).
            String prefix = mechanism.toUpperCase(java.util.Locale.ROOT);
            assertThat(Rows.count("SELECT count(DISTINCT reference) FROM incident WHERE mechanism_code = ?", mechanism))
                    .isEqualTo(total);
            assertThat(Rows.count("SELECT count(DISTINCT regexp_replace(reference, '^.*-', '')::int) FROM incident "
                    + "WHERE mechanism_code = ? AND starts_with(reference, ? || '-2026-') "
                    + "AND regexp_replace(reference, '^.*-', '') ~ '^[0-9]{4}$' "
                    + "AND regexp_replace(reference, '^.*-', '')::int BETWEEN 1 AND ?", mechanism, prefix, total))
                    .isEqualTo(total);
            assertThat(Rows.text("SELECT last::text FROM incident_reference_counter WHERE prefix = ? AND year = 2026",
                    prefix)).isEqualTo(String.valueOf(total));
            assertThat(numbered).as("numbered by the two concurrent assigners or the final call").isLessThanOrEqualTo(total);
        }
    }

    @Test
    void numbersRestartEachYearInOpeningOrderAndKeepTheirWidthPast9999() throws Exception {
        String mechanism = "yrs-" + UUID.randomUUID().toString().substring(0, 8);
        try (ApplicationContext a = instance(false)) {
            // Committed together: the assigner runs every 250 ms and must not number the first
            // before the earlier-opened third exists (what this test checks is opening order).
            List<UUID> three = insert(mechanism, "2025-12-31T23:59:59Z", "2026-01-01T00:00:00Z", "2025-06-01T00:00:00Z");
            UUID late2025 = three.get(0);
            UUID early2026 = three.get(1);
            UUID earlier2025 = three.get(2);
            IncidentReferences references = a.getBean(IncidentReferences.class);
            assertThat(references.numberCommitted(Duration.ofSeconds(30))).isTrue();
            String prefix = mechanism.toUpperCase(java.util.Locale.ROOT);
            assertThat(reference(earlier2025)).isEqualTo(prefix + "-2025-0001");
            assertThat(reference(late2025)).isEqualTo(prefix + "-2025-0002");
            assertThat(reference(early2026)).isEqualTo(prefix + "-2026-0001");

            try (Connection c = TestDatabase.get().connect(); PreparedStatement ps = c.prepareStatement(
                    "UPDATE incident_reference_counter SET last = 9999 WHERE prefix = ? AND year = 2026")) {
                ps.setString(1, prefix);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            UUID tenThousandth = insert(mechanism, "2026-05-01T00:00:00Z");
            assertThat(references.numberCommitted(Duration.ofSeconds(30))).isTrue();
            assertThat(reference(tenThousandth)).isEqualTo(prefix + "-2026-10000");
        }
    }

    @Test
    void aReferenceNamesItsIncidentInTheApiForThoseWhoMaySeeIt() throws Exception {
        try (ApplicationContext a = instance(true)) {
            UUID id = insert("lebanon-tripartite", "2026-04-02T08:00:00Z");
            assertThat(a.getBean(IncidentReferences.class).numberCommitted(Duration.ofSeconds(30))).isTrue();
            String reference = reference(id);
            assertThat(reference).matches("LB-2026-[0-9]{4,}");

            TestUsers users = new TestUsers(a.getBean(AccessService.class),
                    new Api(a.getBean(EmbeddedServer.class).getURI()));
            Api chair = users.as("chair", TestUsers.grant("chair", "lebanon-tripartite"));
            Api.Answer byReference = chair.get("/api/v1/incidents/" + reference);
            assertThat(byReference.status()).isEqualTo(200);
            assertThat(byReference.json().path("id").asText()).isEqualTo(id.toString());
            assertThat(byReference.json().path("reference").asText()).isEqualTo(reference);
            assertThat(chair.get("/api/v1/incidents/" + reference.toLowerCase()).json().path("id").asText())
                    .isEqualTo(id.toString());
            assertThat(chair.get("/api/v1/incidents/" + id).json().path("reference").asText()).isEqualTo(reference);

            Api.Answer unknown = chair.get("/api/v1/incidents/LB-1999-0001");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.contentType()).startsWith("application/problem+json");
            // Another mechanism's chair learns nothing more from a reference than from an id.
            Api outsider = users.as("chair", TestUsers.grant("chair", "colombia-mmv"));
            assertThat(outsider.get("/api/v1/incidents/" + reference).status()).isEqualTo(404);
            assertThat(outsider.get("/api/v1/incidents/" + id).status()).isEqualTo(404);
        }
    }

    @Test
    void aPrefixThatAnotherMechanismUsesIsRefused() throws Exception {
        try (ApplicationContext a = instance(false)) {
            MechanismService mechanisms = a.getBean(MechanismService.class);
            String code = "clash-" + UUID.randomUUID().toString().substring(0, 8);
            String protocol = org.trucewatch.support.TestProtocols.lebanonLike(code)
                    .replaceFirst("\\{", "{\"referencePrefix\": \"LB\",");
            org.trucewatch.problem.ProblemException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    org.trucewatch.problem.ProblemException.class, () -> mechanisms.load(protocol, "test"));
            assertThat(refused.errors()).extracting(org.trucewatch.problem.FieldError::pointer)
                    .containsExactly("/referencePrefix");
            assertThat(Rows.count("SELECT count(*) FROM mechanism_protocol WHERE code = ?", code)).isZero();
        }
    }

    private static UUID insert(String mechanism, String createdAt) throws Exception {
        return insert(mechanism, new String[] {createdAt}).get(0);
    }

    /** Incidents opened at these moments, committed in one transaction. */
    private static List<UUID> insert(String mechanism, String... createdAt) throws Exception {
        List<UUID> ids = new java.util.ArrayList<>();
        try (Connection c = TestDatabase.get().connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO incident (id, mechanism_code, level_code, team_code, status, category, severity, "
                            + "geom, observed_at, protocol_version, created_at, updated_at) VALUES (?, ?, 'tripartite', "
                            + "'sector-west', 'received', 'EXPLOSION', 3, ST_SetSRID(ST_MakePoint(35.3, 33.2), 4326), "
                            + "?::timestamptz, 1, ?::timestamptz, ?::timestamptz)")) {
                for (String at : createdAt) {
                    UUID id = UUID.randomUUID();
                    ps.setObject(1, id);
                    ps.setString(2, mechanism);
                    ps.setString(3, at);
                    ps.setString(4, at);
                    ps.setString(5, at);
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                    ids.add(id);
                }
            }
            c.commit();
        }
        return ids;
    }

    private static String reference(UUID id) throws Exception {
        try (Connection c = TestDatabase.get().connect();
             PreparedStatement ps = c.prepareStatement("SELECT reference FROM incident WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}

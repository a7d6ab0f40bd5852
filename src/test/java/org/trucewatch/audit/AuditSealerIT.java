package org.trucewatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.AuditSeals;
import org.trucewatch.support.Poll;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestDatabase;
import org.trucewatch.support.TestUsers;

/**
 * Appends take no lock and store the event unsealed with its change; the sealer gives every
 * committed row one place in a gap-free chain, in its own order, whatever crashed before it
 * ran; the trigger lets a row be sealed once and changed in no other way; verification warns
 * about rows that wait too long for their seal.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditSealerIT implements PostgisFixture {
    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    AuditLog log;
    @Inject
    AuditSealer sealer;
    @Inject
    AuditVerifier verifier;
    @Inject
    TransactionOperations<Connection> tx;
    Api admin;

    @BeforeAll
    void setUp() {
        admin = new TestUsers(access, new Api(server.getURI())).as("admin", TestUsers.admin());
    }

    private static long seqOf(String targetId) {
        return Rows.count("SELECT seq FROM audit_event WHERE target_id = ?", targetId);
    }

    private static long positionOf(long seq) {
        return Rows.count("SELECT chain_pos FROM audit_event WHERE seq = ?", seq);
    }

    private static void assertWholeChainGapFree() {
        long sealed = Rows.count("SELECT count(*) FROM audit_event WHERE chain_pos IS NOT NULL");
        assertThat(Rows.count("SELECT min(chain_pos) FROM audit_event")).isEqualTo(1);
        assertThat(Rows.count("SELECT max(chain_pos) FROM audit_event")).as("no gap").isEqualTo(sealed);
        assertThat(Rows.count("SELECT count(DISTINCT chain_pos) FROM audit_event")).as("no position twice").isEqualTo(sealed);
    }

    @Test
    void concurrentAppendsAreEachSealedOnceInAGapFreeChainThatVerifies() throws Exception {
        String run = UUID.randomUUID().toString();
        int threads = 16;
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 3);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean appending = new AtomicBoolean(true);
        try {
            List<Future<?>> appenders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                appenders.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        log.append(AuditRecord.of("test", "test.concurrent", "test", run + "/" + thread + "/" + i)
                                .withDetails("{\"run\":\"" + run + "\"}"));
                    }
                    return null;
                }));
            }
            // Extra sealers on this instance, racing the scheduled one: the lock lets one work at a time.
            List<Future<?>> sealers = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                sealers.add(pool.submit(() -> {
                    while (appending.get()) {
                        sealer.sealPending();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : appenders) {
                f.get(60, TimeUnit.SECONDS);
            }
            appending.set(false);
            for (Future<?> f : sealers) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        String mine = "SELECT %s FROM audit_event WHERE action = 'test.concurrent' AND details = '{\"run\":\"" + run + "\"}'";
        assertThat(Rows.count(mine.formatted("count(*)"))).isEqualTo(threads * each);
        Poll.until("every row of the run sealed", AuditSeals.DEADLINE,
                () -> Rows.count(mine.formatted("count(*)") + " AND chain_pos IS NULL"), n -> n == 0);
        assertThat(Rows.count(mine.formatted("count(DISTINCT chain_pos)"))).as("each sealed once").isEqualTo(threads * each);
        assertWholeChainGapFree();
        ChainVerification v = verifier.verify();
        assertThat(v.intact()).as(String.valueOf(v)).isTrue();
        assertThat(v.rowsChecked()).isGreaterThanOrEqualTo(threads * each);
    }

    @Test
    void aRowCommittedLateIsSealedAfterRowsCommittedBeforeItAndBlocksNoAppend() throws Exception {
        String late = "late-" + UUID.randomUUID();
        String early = "early-" + UUID.randomUUID();
        tx.execute(TransactionDefinition.of(TransactionDefinition.Propagation.REQUIRES_NEW), status -> {
            log.append(AuditRecord.of("test", "test.late", "test", late));
            // Another append, and its commit, while this transaction is open and holds its row.
            Thread other = new Thread(() -> log.append(AuditRecord.of("test", "test.early", "test", early)));
            other.start();
            other.join(Duration.ofSeconds(10).toMillis());
            assertThat(other.isAlive()).as("an append waits for no other transaction").isFalse();
            AuditSeals.awaitSealed(seqOf(early));
            return null;
        });
        long lateSeq = seqOf(late);
        long earlySeq = seqOf(early);
        AuditSeals.awaitSealed(lateSeq);

        assertThat(lateSeq).as("drawn first").isLessThan(earlySeq);
        assertThat(positionOf(lateSeq)).as("sealed after the row committed before it").isGreaterThan(positionOf(earlySeq));
        assertWholeChainGapFree();
        assertThat(verifier.verify().intact()).isTrue();
    }

    @Test
    void anEventCommittedButNotSealedBeforeACrashIsSealedOnTheNextRun() throws Exception {
        String target = "crash-" + UUID.randomUUID();
        String reportId;
        long seq;
        try (AutoCloseable noSealer = AuditSeals.holdSealerLock()) {
            seq = AuditSeals.insertUnsealed("test.crash", target, Instant.now());
            reportId = new TestUsers(access, new Api(server.getURI())).as("monitor", TestUsers.grant("monitor", "seal-mech"))
                    .post("/api/v1/reports", "application/geo+json", ReportJson.valid().json()).json().path("id").asText();

            assertThat(sealer.sealPending()).as("no seal while another holds the lock").isZero();
            assertThat(AuditSeals.sealed(seq)).isFalse();
            // Readers show the event before its seal, without a place in the chain.
            JsonNode events = admin.get("/api/v1/admin/audit?targetType=report&targetId=" + reportId).json();
            assertThat(events).hasSize(1);
            assertThat(events.get(0).path("action").asText()).isEqualTo("report.create");
            assertThat(events.get(0).hasNonNull("hash")).isFalse();
            assertThat(events.get(0).hasNonNull("chainPosition")).isFalse();
        }
        AuditSeals.awaitSealed(seq);
        AuditSeals.awaitSealed(seqOf(reportId));

        JsonNode sealed = admin.get("/api/v1/admin/audit?targetType=report&targetId=" + reportId).json().get(0);
        assertThat(sealed.path("hash").asText()).hasSize(64);
        assertThat(sealed.path("chainPosition").asLong()).isPositive();
        assertWholeChainGapFree();
        assertThat(verifier.verify().intact()).isTrue();
    }

    @Test
    void theTriggerRefusesAnyChangeOfASealedRowAndOfAnUnsealedRowsContent() throws Exception {
        long sealedSeq = AuditSeals.insertUnsealed("test.trigger", "sealed-" + UUID.randomUUID(), Instant.now());
        AuditSeals.awaitSealed(sealedSeq);
        try (AutoCloseable noSealer = AuditSeals.holdSealerLock();
             Connection root = TestDatabase.get().connectAsSuperuser(); Statement s = root.createStatement()) {
            long unsealedSeq = AuditSeals.insertUnsealed("test.trigger", "unsealed-" + UUID.randomUUID(), Instant.now());
            // A superuser has every privilege: only the trigger stands in the way.
            for (String change : List.of(
                    "UPDATE audit_event SET actor = 'x' WHERE seq = " + sealedSeq,
                    "UPDATE audit_event SET hash = repeat('f', 64) WHERE seq = " + sealedSeq,
                    "UPDATE audit_event SET chain_pos = NULL, prev_hash = NULL, hash = NULL WHERE seq = " + sealedSeq,
                    "DELETE FROM audit_event WHERE seq = " + sealedSeq,
                    "UPDATE audit_event SET actor = 'x' WHERE seq = " + unsealedSeq,
                    "UPDATE audit_event SET at = at - interval '1 day' WHERE seq = " + unsealedSeq,
                    "DELETE FROM audit_event WHERE seq = " + unsealedSeq)) {
                assertThatThrownBy(() -> s.executeUpdate(change)).as(change)
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("42501");
                            assertThat(e.getMessage()).contains("append-only");
                        });
            }
            // Sealing it properly while changing its content is refused too.
            String sealAndChange = "UPDATE audit_event SET details = '{}', chain_pos = h.chain_pos + 1, "
                    + "prev_hash = h.hash, hash = repeat('a', 64) FROM (SELECT chain_pos, hash FROM audit_event "
                    + "WHERE chain_pos IS NOT NULL ORDER BY chain_pos DESC LIMIT 1) h WHERE seq = " + unsealedSeq;
            assertThatThrownBy(() -> s.executeUpdate(sealAndChange))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getMessage()).contains("seal of row"));
            assertThat(AuditSeals.sealed(unsealedSeq)).isFalse();
        }
        assertThat(verifier.verify().intact()).isTrue();
    }

    @Test
    void theServicesRoleSealsOnlyAtTheNextPositionLinkedToTheChainsHead() throws Exception {
        long seq;
        try (AutoCloseable noSealer = AuditSeals.holdSealerLock();
             Connection app = TestDatabase.get().connect(); Statement s = app.createStatement()) {
            seq = AuditSeals.insertUnsealed("test.forge", "forge-" + UUID.randomUUID(), Instant.now());
            String head = "(SELECT chain_pos, hash FROM audit_event WHERE chain_pos IS NOT NULL ORDER BY chain_pos DESC LIMIT 1) h";
            for (String forgery : List.of(
                    // a gap after the head
                    "UPDATE audit_event SET chain_pos = h.chain_pos + 2, prev_hash = h.hash, hash = repeat('a', 64) FROM "
                            + head + " WHERE seq = " + seq,
                    // the next position, linked to something other than the head's hash
                    "UPDATE audit_event SET chain_pos = h.chain_pos + 1, prev_hash = repeat('b', 64), hash = repeat('a', 64) "
                            + "FROM " + head + " WHERE seq = " + seq)) {
                assertThatThrownBy(() -> s.executeUpdate(forgery)).as(forgery)
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getMessage()).contains("seal of row"));
            }
            // Nor through a temporary table that stands in for the chain in its own session.
            long headPos = Rows.count("SELECT max(chain_pos) FROM audit_event");
            s.execute("CREATE TEMP TABLE audit_event (chain_pos bigint, hash text)");
            s.execute("INSERT INTO pg_temp.audit_event VALUES (" + (headPos + 1) + ", repeat('d', 64))");
            assertThatThrownBy(() -> s.executeUpdate("UPDATE public.audit_event SET chain_pos = " + (headPos + 2)
                    + ", prev_hash = repeat('d', 64), hash = repeat('a', 64) WHERE seq = " + seq))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getMessage()).contains("seal of row"));
            s.execute("DROP TABLE pg_temp.audit_event");
            // Its content it may not even name, nor insert a row that arrives sealed.
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_event SET actor = 'x' WHERE seq = " + seq))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO audit_event (at, actor, action, chain_pos, prev_hash, hash) "
                    + "VALUES (now(), 'x', 'test.forge', 1, repeat('0', 64), repeat('c', 64))"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
        AuditSeals.awaitSealed(seq);
        assertWholeChainGapFree();
        assertThat(verifier.verify().intact()).isTrue();
    }

    @Test
    void verifyWarnsAboutARowUnsealedLongerThanTheAlarmBound() throws Exception {
        long seq;
        try (AutoCloseable noSealer = AuditSeals.holdSealerLock()) {
            seq = AuditSeals.insertUnsealed("test.stalled", "stalled-" + UUID.randomUUID(),
                    Instant.now().minus(Duration.ofMinutes(1)));
            JsonNode v = admin.get("/api/v1/admin/audit/verify").json();
            assertThat(v.path("intact").asBoolean()).as("nothing was altered").isTrue();
            assertThat(v.path("overdueUnsealedRows").asLong()).isPositive();
            assertThat(v.path("oldestUnsealedSeq").asLong()).isEqualTo(seq);
            assertThat(v.path("warning").asText()).contains("not sealed");
            assertThat(verifier.verify().sealingOverdue()).isTrue();
        }
        AuditSeals.awaitSealed(seq);
        ChainVerification v = verifier.verify();
        assertThat(v.intact()).isTrue();
        assertThat(v.sealingOverdue()).isFalse();
        assertThat(v.warning()).isNull();
        assertThat(admin.get("/api/v1/admin/audit/verify").json().has("warning")).isFalse();
    }
}

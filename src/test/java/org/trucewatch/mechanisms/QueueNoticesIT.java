package org.trucewatch.mechanisms;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestDatabase;

/**
 * The queue-notice outbox read by cursor: every committed notice exactly once, whatever
 * order the transactions commit in, and none of a transaction that rolled back. The
 * writers here are plain JDBC transactions as the application role, so the test decides
 * when each commits.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueNoticesIT implements PostgisFixture {
    @Inject
    QueueNotices notices;

    @Test
    void aSlowTransactionsLowerIdIsReadOnceItCommitsAfterAFasterHigherOne() throws Exception {
        String queue = queue();
        QueueNotices.Cursor start = notices.now();
        UUID slowIncident = UUID.randomUUID();
        UUID fastIncident = UUID.randomUUID();
        try (Connection slow = TestDatabase.get().connect(); Connection fast = TestDatabase.get().connect()) {
            slow.setAutoCommit(false);
            long slowId = insert(slow, queue, slowIncident);
            long fastId = insert(fast, queue, fastIncident);
            assertThat(slowId).as("the slow transaction drew the lower id").isLessThan(fastId);

            QueueNotices.Batch first = notices.after(start);
            assertThat(incidents(first, queue)).containsExactly(fastIncident);

            slow.commit();
            QueueNotices.Batch second = notices.after(first.next());
            assertThat(incidents(second, queue)).as("committed after a higher id was read").containsExactly(slowIncident);
            assertThat(incidents(notices.after(second.next()), queue)).as("and never again").isEmpty();
        }
    }

    @Test
    void aRolledBackNoticeIsNeverRead() throws Exception {
        String queue = queue();
        QueueNotices.Cursor start = notices.now();
        try (Connection c = TestDatabase.get().connect()) {
            c.setAutoCommit(false);
            insert(c, queue, UUID.randomUUID());
            QueueNotices.Batch during = notices.after(start);
            c.rollback();
            QueueNotices.Batch after = notices.after(during.next());
            assertThat(incidents(during, queue)).isEmpty();
            assertThat(incidents(after, queue)).isEmpty();
        }
    }

    /** Many writers committing in random order while a reader reads: each committed notice once, none lost. */
    @Test
    void concurrentWritersAreReadExactlyOnce() throws Exception {
        String queue = queue();
        QueueNotices.Cursor start = notices.now();
        Set<UUID> committed = Collections.synchronizedSet(new HashSet<>());
        List<UUID> read = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(7);
        try {
            Future<Integer> reader = pool.submit(() -> {
                QueueNotices.Cursor cursor = start;
                int late = 0;
                long highestRead = 0;
                while (true) {
                    boolean last = !writing.get();
                    QueueNotices.Batch batch = notices.after(cursor);
                    for (QueueNotices.Notice n : batch.notices()) {
                        if (n.queue().equals(queue)) {
                            late += n.id() < highestRead ? 1 : 0;
                            read.add(n.incidentId());
                        }
                    }
                    highestRead = batch.notices().stream().mapToLong(QueueNotices.Notice::id).max().orElse(highestRead);
                    cursor = batch.next();
                    if (last) {
                        return late;
                    }
                    Thread.sleep(3);
                }
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                writers.add(pool.submit(() -> {
                    try (Connection c = TestDatabase.get().connect()) {
                        c.setAutoCommit(false);
                        for (int t = 0; t < 40; t++) {
                            ThreadLocalRandom random = ThreadLocalRandom.current();
                            List<UUID> mine = new ArrayList<>();
                            for (int k = random.nextInt(1, 4); k > 0; k--) {
                                UUID incident = UUID.randomUUID();
                                insert(c, queue, incident);
                                mine.add(incident);
                            }
                            // now and then a transaction far slower than the reader's interval
                            Thread.sleep(random.nextInt(10) == 0 ? random.nextInt(50, 200) : random.nextInt(0, 8));
                            if (random.nextInt(10) == 0) {
                                c.rollback();
                            } else {
                                c.commit();
                                committed.addAll(mine);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                w.get(2, TimeUnit.MINUTES);
            }
            writing.set(false);
            int late = reader.get(1, TimeUnit.MINUTES);
            System.out.printf("[queue notices] %d committed, %d read, %d read after a higher id%n", committed.size(),
                    read.size(), late);
        } finally {
            pool.shutdownNow();
        }

        assertThat(read).as("no notice twice").doesNotHaveDuplicates();
        assertThat(new HashSet<>(read)).as("every committed notice, and only those").isEqualTo(committed);
    }

    @Test
    void noticesOlderThanTheRetentionArePruned() throws Exception {
        String queue = queue();
        try (Connection c = TestDatabase.get().connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO queue_notice (queue, incident_id, noticed_at) VALUES (?, ?, now() - interval '2 hours')")) {
            ps.setString(1, queue);
            ps.setObject(2, UUID.randomUUID());
            ps.executeUpdate();
            insert(c, queue, UUID.randomUUID());
        }

        assertThat(notices.prune(Duration.ofHours(1))).isPositive();

        assertThat(Rows.count("SELECT count(*) FROM queue_notice WHERE queue = ?", queue)).isEqualTo(1);
        assertThat(Rows.count("SELECT count(*) FROM queue_notice WHERE queue = ? AND noticed_at > now() - interval '1 hour'",
                queue)).isEqualTo(1);
    }

    private static String queue() {
        return "notice-test." + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<UUID> incidents(QueueNotices.Batch batch, String queue) {
        return batch.notices().stream().filter(n -> n.queue().equals(queue)).map(QueueNotices.Notice::incidentId).toList();
    }

    private static long insert(Connection c, String queue, UUID incident) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO queue_notice (queue, incident_id) VALUES (?, ?) RETURNING id")) {
            ps.setString(1, queue);
            ps.setObject(2, incident);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

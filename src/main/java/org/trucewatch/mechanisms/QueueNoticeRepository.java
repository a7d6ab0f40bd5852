package org.trucewatch.mechanisms;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * All SQL on {@code queue_notice}. Hand-written because the read is snapshot arithmetic
 * ({@code pg_current_snapshot}, {@code xid8}) that no derived query expresses; every value
 * is a bind parameter.
 */
// Connectable: the insert joins the changing transaction; a read or a prune borrows a connection of its own.
@Connectable
@Singleton
class QueueNoticeRepository {
    /**
     * The rows the previous read could not see: those of transactions in progress at its
     * snapshot, or begun after it, and any id above the highest it returned (after a
     * failover, transaction ids the old primary never replicated can be handed out again,
     * identity values not). One statement, so its rows and the snapshot it returns agree.
     */
    private static final String AFTER = "SELECT s.snapshot, n.id, n.queue, n.incident_id"
            + " FROM (SELECT pg_current_snapshot()::text AS snapshot) s LEFT JOIN queue_notice n"
            + " ON n.tx >= pg_snapshot_xmax(CAST(? AS pg_snapshot))"
            + " OR n.tx = ANY(ARRAY(SELECT pg_snapshot_xip(CAST(? AS pg_snapshot))))"
            + " OR n.id > ?"
            + " ORDER BY n.id";

    private final JdbcOperations jdbc;

    QueueNoticeRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String queue, UUID incidentId) {
        jdbc.prepareStatement("INSERT INTO queue_notice (queue, incident_id) VALUES (?, ?)", ps -> {
            ps.setString(1, queue);
            ps.setObject(2, incidentId);
            return ps.executeUpdate();
        });
    }

    /** Where a reader starts: everything visible now counts as read. */
    QueueNotices.Cursor now() {
        return jdbc.prepareStatement("SELECT pg_current_snapshot()::text, coalesce(max(id), 0) FROM queue_notice", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new QueueNotices.Cursor(rs.getString(1), rs.getLong(2));
            }
        });
    }

    QueueNotices.Batch after(QueueNotices.Cursor cursor) {
        return jdbc.prepareStatement(AFTER, ps -> {
            ps.setString(1, cursor.snapshot());
            ps.setString(2, cursor.snapshot());
            ps.setLong(3, cursor.highestId());
            List<QueueNotices.Notice> notices = new ArrayList<>();
            String snapshot = null;
            long highest = cursor.highestId();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    snapshot = rs.getString(1);
                    long id = rs.getLong(2);
                    if (!rs.wasNull()) {
                        notices.add(new QueueNotices.Notice(id, rs.getString(3), rs.getObject(4, UUID.class)));
                        highest = Math.max(highest, id);
                    }
                }
            }
            return new QueueNotices.Batch(notices, new QueueNotices.Cursor(snapshot, highest));
        });
    }

    /** Deletes the notices older than {@code retention} by the database's clock; answers how many. */
    int deleteOlderThan(Duration retention) {
        return jdbc.prepareStatement("DELETE FROM queue_notice WHERE noticed_at < now() - make_interval(secs => ?)",
                ps -> {
                    ps.setDouble(1, retention.toMillis() / 1000.0);
                    return ps.executeUpdate();
                });
    }
}

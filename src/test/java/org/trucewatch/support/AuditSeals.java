package org.trucewatch.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.trucewatch.audit.AuditSealer;

/**
 * The audit chain's sealing, seen from the database: wait (with a deadline) until rows are
 * sealed, keep every sealer out by holding its lock, and leave behind what a service that
 * crashed between its commit and the seal leaves: a committed, unsealed row.
 */
public final class AuditSeals {
    /** Far more than the sealer needs (it runs every 200 ms), so that only a sealer that stopped fails a test. */
    public static final Duration DEADLINE = Duration.ofSeconds(15);

    private AuditSeals() {
    }

    public static void awaitSealed(long seq) throws InterruptedException {
        Poll.until("audit row " + seq + " sealed", DEADLINE,
                () -> Rows.count("SELECT count(*) FROM audit_event WHERE seq = ? AND chain_pos IS NOT NULL", seq),
                n -> n == 1);
    }

    public static boolean sealed(long seq) {
        return Rows.count("SELECT count(*) FROM audit_event WHERE seq = ? AND chain_pos IS NOT NULL", seq) == 1;
    }

    /** The sealer's lock, held on a connection of this test's own until closed: no sealer of any instance seals meanwhile. */
    public static AutoCloseable holdSealerLock() throws SQLException {
        Connection c = TestDatabase.get().connect();
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + AuditSealer.LOCK_KEY + ")");
        }
        return c::close;
    }

    /** Inserts and commits an event as the service's role does, and seals nothing: a crash right after the commit. */
    public static long insertUnsealed(String action, String targetId, Instant at) throws SQLException {
        try (Connection c = TestDatabase.get().connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_event (at, actor, action, target_type, target_id) VALUES (?, 'test', ?, 'test', ?) "
                        + "RETURNING seq")) {
            ps.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            ps.setString(2, action);
            ps.setString(3, targetId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

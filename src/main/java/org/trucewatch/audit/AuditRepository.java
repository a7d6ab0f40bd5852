package org.trucewatch.audit;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.connection.annotation.Connectable;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * All SQL on {@code audit_event}: append under the chain lock, read in chain order.
 *
 * <p>Hand-written, not generated: an append is a transaction-scoped advisory lock
 * ({@code pg_advisory_xact_lock}), a read of the chain's head under it and the insert, in that
 * order; verification walks the chain by keyset on {@code seq} at constant memory. The chain's
 * integrity rests on exactly these statements.
 */
// Connectable: each call borrows a connection, or joins the caller's transaction when there is one.
@Connectable
@Singleton
class AuditRepository {
    /** Arbitrary, fixed: the key of the transaction-scoped advisory lock that serialises appends. */
    private static final long CHAIN_LOCK = 0x7472756365L;
    private static final String COLUMNS = "seq, at, actor, action, target_type, target_id, before_digest, "
            + "after_digest, details, prev_hash, hash";

    private final JdbcOperations jdbc;

    AuditRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes the chain lock until the transaction ends and returns the newest hash. Every
     * appender waits here, so appends commit in seq order and the chain never forks.
     */
    String lockChainAndReadHead() {
        jdbc.prepareStatement("SELECT pg_advisory_xact_lock(?)", ps -> {
            ps.setLong(1, CHAIN_LOCK);
            ps.executeQuery().close();
            return null;
        });
        return jdbc.prepareStatement("SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : AuditCanonicalForm.GENESIS;
            }
        });
    }

    void insert(Instant at, AuditRecord r, String prevHash, String hash) {
        jdbc.prepareStatement("INSERT INTO audit_event (at, actor, action, target_type, target_id, before_digest, "
                + "after_digest, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            ps.setString(2, r.actor());
            ps.setString(3, r.action());
            ps.setString(4, r.targetType());
            ps.setString(5, r.targetId());
            ps.setString(6, r.beforeDigest());
            ps.setString(7, r.afterDigest());
            ps.setString(8, r.details());
            ps.setString(9, prevHash);
            ps.setString(10, hash);
            return ps.executeUpdate();
        });
    }

    /** Streams every row in chain order to {@code sink}, a page at a time (constant memory). */
    void forEachInOrder(Consumer<AuditEvent> sink) {
        long after = Long.MIN_VALUE;
        while (true) {
            List<AuditEvent> page = page(after, 5_000);
            page.forEach(sink);
            if (page.size() < 5_000) {
                return;
            }
            after = page.get(page.size() - 1).seq();
        }
    }

    List<AuditEvent> page(long afterSeq, int limit) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM audit_event WHERE seq > ? ORDER BY seq LIMIT ?", ps -> {
            ps.setLong(1, afterSeq);
            ps.setInt(2, limit);
            return read(ps);
        });
    }

    List<AuditEvent> forTarget(String targetType, String targetId) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM audit_event WHERE target_type = ? AND target_id = ? "
                + "ORDER BY seq", ps -> {
            ps.setString(1, targetType);
            ps.setString(2, targetId);
            return read(ps);
        });
    }

    private static List<AuditEvent> read(PreparedStatement ps) throws SQLException {
        List<AuditEvent> events = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                events.add(new AuditEvent(rs.getLong("seq"), rs.getObject("at", OffsetDateTime.class).toInstant(),
                        rs.getString("actor"), rs.getString("action"), rs.getString("target_type"),
                        rs.getString("target_id"), rs.getString("before_digest"), rs.getString("after_digest"),
                        rs.getString("details"), rs.getString("prev_hash"), rs.getString("hash")));
            }
        }
        return events;
    }
}

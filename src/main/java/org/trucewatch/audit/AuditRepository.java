package org.trucewatch.audit;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
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
 * All SQL on {@code audit_event}: append unsealed, seal in chain order, read.
 *
 * <p>Hand-written, not generated: sealing is a transaction-scoped advisory lock taken with
 * {@code pg_try_advisory_xact_lock} (one sealer at a time, and none waits), a read of the
 * chain's head and of the unsealed rows, and one UPDATE of them all that the table's triggers
 * check (migrations/V40); verification walks the chain by keyset on {@code chain_pos} at
 * constant memory. The chain's integrity rests on exactly these statements.
 */
// Connectable: each call borrows a connection, or joins the caller's transaction when there is one.
@Connectable
@Singleton
class AuditRepository {
    private static final String COLUMNS = "seq, at, actor, action, target_type, target_id, before_digest, "
            + "after_digest, details, chain_pos, prev_hash, hash";

    /** The last sealed row: where the next seal goes. */
    record Head(long position, String hash) {
        static final Head GENESIS = new Head(0, AuditCanonicalForm.GENESIS);
    }

    /** Rows not sealed yet: how many, how many of them are older than the alarm bound, and the oldest. */
    record Unsealed(long rows, long overdue, Long oldestSeq, Instant oldestAt) {
    }

    private final JdbcOperations jdbc;

    AuditRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the event unsealed: no lock, no read; the sealer gives it its place later. */
    void insert(Instant at, AuditRecord r) {
        jdbc.prepareStatement("INSERT INTO audit_event (at, actor, action, target_type, target_id, before_digest, "
                + "after_digest, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            ps.setString(2, r.actor());
            ps.setString(3, r.action());
            ps.setString(4, r.targetType());
            ps.setString(5, r.targetId());
            ps.setString(6, r.beforeDigest());
            ps.setString(7, r.afterDigest());
            ps.setString(8, r.details());
            return ps.executeUpdate();
        });
    }

    /**
     * Takes the sealer's lock until the transaction ends, if no other session holds it;
     * false when another sealer (this instance's or another's) is at work.
     */
    boolean tryLockSealer() {
        return jdbc.prepareStatement("SELECT pg_try_advisory_xact_lock(?)", ps -> {
            ps.setLong(1, AuditSealer.LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    Head head() {
        return jdbc.prepareStatement("SELECT chain_pos, hash FROM audit_event WHERE chain_pos IS NOT NULL "
                + "ORDER BY chain_pos DESC LIMIT 1", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Head(rs.getLong(1), rs.getString(2)) : Head.GENESIS;
            }
        });
    }

    /** The oldest committed unsealed rows, in seq order: the order they are sealed in. */
    List<AuditEvent> unsealed(int limit) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM audit_event WHERE chain_pos IS NULL "
                + "ORDER BY seq LIMIT ?", ps -> {
            ps.setInt(1, limit);
            return read(ps);
        });
    }

    /** The highest seq of a committed unsealed row, or 0 when every committed row is sealed. */
    long newestUnsealedSeq() {
        return jdbc.prepareStatement("SELECT coalesce(max(seq), 0) FROM audit_event WHERE chain_pos IS NULL", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    boolean anyUnsealedUpTo(long seq) {
        return jdbc.prepareStatement("SELECT EXISTS (SELECT 1 FROM audit_event WHERE chain_pos IS NULL AND seq <= ?)", ps -> {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    /**
     * Seals the rows, each with its position and hashes, in one statement (the trigger checks
     * the links once it is done); fails if any row was sealed already.
     */
    void seal(List<AuditEvent> sealed) {
        jdbc.prepareStatement("UPDATE audit_event e SET chain_pos = v.pos, prev_hash = v.prev, hash = v.hash "
                + "FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[]) AS v (seq, pos, prev, hash) "
                + "WHERE e.seq = v.seq AND e.chain_pos IS NULL", ps -> {
            Connection c = ps.getConnection();
            ps.setArray(1, c.createArrayOf("bigint", sealed.stream().map(AuditEvent::seq).toArray()));
            ps.setArray(2, c.createArrayOf("bigint", sealed.stream().map(AuditEvent::chainPosition).toArray()));
            ps.setArray(3, c.createArrayOf("text", sealed.stream().map(AuditEvent::prevHash).toArray()));
            ps.setArray(4, c.createArrayOf("text", sealed.stream().map(AuditEvent::hash).toArray()));
            if (ps.executeUpdate() != sealed.size()) {
                throw new IllegalStateException("an audit row was sealed by someone else during this seal");
            }
            return null;
        });
    }

    /** The unsealed rows now: how many, how many appended before {@code overdueBefore}, and the oldest. */
    Unsealed unsealedSummary(Instant overdueBefore) {
        return jdbc.prepareStatement("SELECT count(*), count(*) FILTER (WHERE at < ?), "
                + "(SELECT seq FROM audit_event WHERE chain_pos IS NULL ORDER BY at, seq LIMIT 1), min(at) "
                + "FROM audit_event WHERE chain_pos IS NULL", ps -> {
            ps.setObject(1, OffsetDateTime.ofInstant(overdueBefore, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long oldest = rs.getLong(3);
                Long oldestSeq = rs.wasNull() ? null : oldest;
                OffsetDateTime oldestAt = rs.getObject(4, OffsetDateTime.class);
                return new Unsealed(rs.getLong(1), rs.getLong(2), oldestSeq, oldestAt == null ? null : oldestAt.toInstant());
            }
        });
    }

    /** Streams every sealed row in chain order to {@code sink}, a page at a time (constant memory). */
    void forEachInChainOrder(Consumer<AuditEvent> sink) {
        long after = 0;
        while (true) {
            List<AuditEvent> page = chainPage(after, 5_000);
            page.forEach(sink);
            if (page.size() < 5_000) {
                return;
            }
            after = page.get(page.size() - 1).chainPosition();
        }
    }

    List<AuditEvent> chainPage(long afterPosition, int limit) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM audit_event WHERE chain_pos > ? "
                + "ORDER BY chain_pos LIMIT ?", ps -> {
            ps.setLong(1, afterPosition);
            ps.setInt(2, limit);
            return read(ps);
        });
    }

    /** A target's events, sealed or not, in the order they were appended. */
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
                long position = rs.getLong("chain_pos");
                Long chainPosition = rs.wasNull() ? null : position;
                events.add(new AuditEvent(rs.getLong("seq"), rs.getObject("at", OffsetDateTime.class).toInstant(),
                        rs.getString("actor"), rs.getString("action"), rs.getString("target_type"),
                        rs.getString("target_id"), rs.getString("before_digest"), rs.getString("after_digest"),
                        rs.getString("details"), chainPosition, rs.getString("prev_hash"), rs.getString("hash")));
            }
        }
        return events;
    }
}

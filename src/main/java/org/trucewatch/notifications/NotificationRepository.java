package org.trucewatch.notifications;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import org.trucewatch.access.SqlFragment;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The notifications' tables (migration V103); every call joins the caller's transaction. */
@Singleton
@Connectable // each call joins the caller's transaction, or borrows a connection (the digest job's reads)
class NotificationRepository {
    private final JdbcOperations jdbc;

    NotificationRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** An incident event waiting to be notified, with what a notice says of its incident. */
    record Pending(long seq, String eventKind, String actor, UUID incidentId, String reference, String mechanism,
                   String level, String team, String category, int severity, String claimedBy) {
    }

    /** A user's choices (defaults when they made none). */
    record Preference(String username, String email, int minSeverity, String language, boolean digest) {
        static Preference defaults(String username) {
            return new Preference(username, null, 4, "en", false);
        }
    }

    /** One notice as its user reads it. */
    record Notice(long id, String kind, UUID incidentId, String reference, String category, int severity,
                  Instant createdAt, Instant readAt) {
    }

    /** A notice to e-mail now. */
    record Mail(long id, String to, String username, String kind, UUID incidentId, String reference, String mechanism,
                String category, int severity, Instant createdAt, String language) {
    }

    /** Up to {@code limit} pending events, oldest first, locked so that no other instance takes them. */
    List<Pending> pending(int limit) {
        return jdbc.prepareStatement("SELECT p.seq, e.kind, e.actor, i.id, i.reference, i.mechanism_code, "
                + "i.level_code, i.team_code, i.category, i.severity, i.claimed_by FROM notification_pending p "
                + "JOIN incident_event e ON e.seq = p.seq JOIN incident i ON i.id = e.incident_id "
                + "ORDER BY p.seq LIMIT ? FOR UPDATE OF p SKIP LOCKED", ps -> {
                    ps.setInt(1, limit);
                    List<Pending> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class),
                                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                                    rs.getInt(10), rs.getString(11)));
                        }
                    }
                    return out;
                });
    }

    void done(Collection<Long> seqs) {
        jdbc.prepareStatement("DELETE FROM notification_pending WHERE seq = ANY(?)", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("bigint", seqs.toArray()));
            return ps.executeUpdate();
        });
    }

    Map<String, Preference> preferences(Collection<String> usernames) {
        Map<String, Preference> out = new HashMap<>();
        usernames.forEach(u -> out.put(u, Preference.defaults(u)));
        jdbc.prepareStatement("SELECT username, email, min_severity, language, digest FROM notification_preference "
                + "WHERE username = ANY(?)", ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("text", usernames.toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getString(1), preference(rs));
                        }
                    }
                    return null;
                });
        return out;
    }

    Preference preference(String username) {
        return preferences(List.of(username)).get(username);
    }

    void save(Preference p, Instant at) {
        jdbc.prepareStatement("INSERT INTO notification_preference (username, email, min_severity, language, digest, "
                + "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO UPDATE SET email = excluded.email, "
                + "min_severity = excluded.min_severity, language = excluded.language, digest = excluded.digest, "
                + "updated_at = excluded.updated_at", ps -> {
                    ps.setString(1, p.username());
                    ps.setString(2, p.email());
                    ps.setInt(3, p.minSeverity());
                    ps.setString(4, p.language());
                    ps.setBoolean(5, p.digest());
                    ps.setObject(6, time(at));
                    return ps.executeUpdate();
                });
    }

    /** One notice; none twice for one user and event (a retried batch inserts nothing new). */
    void add(String username, String kind, Pending event, String emailTo, Instant at) {
        jdbc.prepareStatement("INSERT INTO notification (username, kind, incident_id, event_seq, created_at, email_to) "
                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT ON CONSTRAINT uq_notification_event DO NOTHING", ps -> {
                    ps.setString(1, username);
                    ps.setString(2, kind);
                    ps.setObject(3, event.incidentId());
                    ps.setLong(4, event.seq());
                    ps.setObject(5, time(at));
                    ps.setString(6, emailTo);
                    return ps.executeUpdate();
                });
    }

    /**
     * The user's notices, newest first (only the unread ones when asked), of incidents the user
     * may still see ({@code visible}: the access policy's incidents, aliased {@code i}): a notice
     * of an incident whose grant was since revoked says nothing any more.
     */
    List<Notice> of(String username, SqlFragment visible, boolean unreadOnly, int limit) {
        return jdbc.prepareStatement("SELECT n.id, n.kind, n.incident_id, i.reference, i.category, i.severity, n.created_at, "
                + "n.read_at FROM notification n JOIN " + visible.sql() + " ON i.id = n.incident_id WHERE n.username = ? "
                + (unreadOnly ? "AND n.read_at IS NULL " : "") + "ORDER BY n.id DESC LIMIT ?", ps -> {
                    int next = visible.bind(ps, 1);
                    ps.setString(next, username);
                    ps.setInt(next + 1, limit);
                    List<Notice> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new Notice(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                                    rs.getString(5), rs.getInt(6), instant(rs, 7), instant(rs, 8)));
                        }
                    }
                    return out;
                });
    }

    /** Marks the user's notices read (all of them when {@code ids} is empty); answers how many changed. */
    int markRead(String username, List<Long> ids, Instant at) {
        return jdbc.prepareStatement("UPDATE notification SET read_at = ? WHERE username = ? AND read_at IS NULL"
                + (ids.isEmpty() ? "" : " AND id = ANY(?)"), ps -> {
                    ps.setObject(1, time(at));
                    ps.setString(2, username);
                    if (!ids.isEmpty()) {
                        ps.setArray(3, ps.getConnection().createArrayOf("bigint", ids.toArray()));
                    }
                    return ps.executeUpdate();
                });
    }

    /** Up to {@code limit} notices due by e-mail (fewer than {@code maxAttempts} failures), locked for this sender. */
    List<Mail> mailDue(int limit, int maxAttempts) {
        return jdbc.prepareStatement("SELECT n.id, n.email_to, n.username, n.kind, n.incident_id, i.reference, "
                + "i.mechanism_code, i.category, i.severity, n.created_at, coalesce(p.language, 'en') FROM notification n "
                + "JOIN incident i ON i.id = n.incident_id LEFT JOIN notification_preference p ON p.username = n.username "
                + "WHERE n.email_to IS NOT NULL AND n.emailed_at IS NULL AND n.email_attempts < ? "
                + "ORDER BY n.id LIMIT ? FOR UPDATE OF n SKIP LOCKED", ps -> {
                    ps.setInt(1, maxAttempts);
                    ps.setInt(2, limit);
                    List<Mail> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(mail(rs));
                        }
                    }
                    return out;
                });
    }

    /** The users who take a daily digest by e-mail and have none for {@code day} yet. */
    List<Preference> digestsDue(LocalDate day) {
        return jdbc.prepareStatement("SELECT p.username, p.email, p.min_severity, p.language, p.digest FROM notification_preference p "
                + "WHERE p.digest AND p.email IS NOT NULL AND NOT EXISTS (SELECT 1 FROM notification_digest d "
                + "WHERE d.username = p.username AND d.day = ?) ORDER BY p.username", ps -> {
                    ps.setObject(1, day);
                    List<Preference> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(preference(rs));
                        }
                    }
                    return out;
                });
    }

    /**
     * Claims the user's digest of {@code day} for this instance: true when this insert stored the
     * row (another instance's claim, committed or not, makes it wait and then insert nothing).
     */
    boolean claimDigest(String username, LocalDate day, Instant at, int notices) {
        return jdbc.prepareStatement("INSERT INTO notification_digest (username, day, sent_at, notices) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", ps -> {
                    ps.setString(1, username);
                    ps.setObject(2, day);
                    ps.setObject(3, time(at));
                    ps.setInt(4, notices);
                    return ps.executeUpdate() == 1;
                });
    }

    /** When the user's last digest went out, or null. */
    Instant lastDigest(String username) {
        return jdbc.prepareStatement("SELECT max(sent_at) FROM notification_digest WHERE username = ?", ps -> {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return instant(rs, 1);
            }
        });
    }

    /** The user's notices created after {@code since} up to {@code until}, oldest first, as e-mail lines. */
    List<Mail> noticesBetween(String username, Instant since, Instant until) {
        return jdbc.prepareStatement("SELECT n.id, NULL, n.username, n.kind, n.incident_id, i.reference, "
                + "i.mechanism_code, i.category, i.severity, n.created_at, 'en' FROM notification n "
                + "JOIN incident i ON i.id = n.incident_id WHERE n.username = ? AND n.created_at > ? AND n.created_at <= ? "
                + "ORDER BY n.id", ps -> {
                    ps.setString(1, username);
                    ps.setObject(2, time(since));
                    ps.setObject(3, time(until));
                    List<Mail> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(mail(rs));
                        }
                    }
                    return out;
                });
    }

    void mailed(long id, Instant at) {
        jdbc.prepareStatement("UPDATE notification SET emailed_at = ? WHERE id = ?", ps -> {
            ps.setObject(1, time(at));
            ps.setLong(2, id);
            return ps.executeUpdate();
        });
    }

    void mailFailed(long id) {
        jdbc.prepareStatement("UPDATE notification SET email_attempts = email_attempts + 1 WHERE id = ?", ps -> {
            ps.setLong(1, id);
            return ps.executeUpdate();
        });
    }

    /** A row of id, e-mail, user, kind, incident, reference, mechanism, category, severity, time and language. */
    private static Mail mail(ResultSet rs) throws SQLException {
        return new Mail(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getObject(5, UUID.class),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9), instant(rs, 10), rs.getString(11));
    }

    private static Preference preference(ResultSet rs) throws SQLException {
        return new Preference(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getBoolean(5));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime time(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}

package org.trucewatch.mechanisms;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * All SQL on incident references ({@code incident.reference}, {@code incident_reference_counter};
 * migration V80). Numbering is one statement, V80's {@code incident_number_pending}: it takes
 * the committed, unnumbered incidents oldest first, moves each (prefix, year) counter by how many
 * it numbers, and writes each incident's reference from the counter's new value, so a number is
 * neither skipped nor used twice whatever fails. The caller holds the assigner lock, so two such statements never run at
 * once (the unique constraint on {@code reference} would refuse the second one's rows).
 */
@Connectable
@Singleton
class IncidentReferenceRepository {
    /**
     * The key of the assigner's advisory lock; arbitrary, fixed. In {@code pg_locks}:
     * {@code locktype = 'advisory'}, {@code classid = 29810}, {@code objid = 1701995374}.
     */
    static final long LOCK_KEY = 0x7472_6561_7265_6eL;

    private final JdbcOperations jdbc;

    IncidentReferenceRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes the assigner lock for the caller's transaction; false (at once) if another holds it. */
    boolean tryLock() {
        return jdbc.prepareStatement("SELECT pg_try_advisory_xact_lock(?)", ps -> {
            ps.setLong(1, LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    /** Numbers up to {@code batch} committed, unnumbered incidents, oldest first; how many it numbered. */
    int numberPending(int batch) {
        return jdbc.prepareStatement("SELECT incident_number_pending(?)", ps -> {
            ps.setInt(1, batch);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** Whether any committed incident is still without a reference. */
    boolean anyPending() {
        return jdbc.prepareStatement("SELECT EXISTS (SELECT 1 FROM incident WHERE reference IS NULL)", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    /** The incident a reference names (compared without regard to case: "lb-2026-0142" is LB-2026-0142). */
    Optional<UUID> idOf(String reference) {
        return jdbc.prepareStatement("SELECT id FROM incident WHERE reference = upper(?)", ps -> {
            ps.setString(1, reference);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        });
    }

    /** The references of these incidents that have one, by id. */
    Map<UUID, String> referencesOf(Collection<UUID> ids) {
        return jdbc.prepareStatement("SELECT id, reference FROM incident WHERE id = ANY(?) AND reference IS NOT NULL", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids.toArray()));
            Map<UUID, String> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
            return out;
        });
    }
}

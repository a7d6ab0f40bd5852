package org.trucewatch.access;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.connection.annotation.Connectable;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** All SQL on {@code app_user} and {@code user_grant}. */
// Connectable: each call borrows a connection, or joins the caller's transaction when there is one.
@Connectable
@Singleton
class UserRepository {
    private final JdbcOperations jdbc;

    UserRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** A user row with the secret, for authentication only. */
    record StoredUser(UUID id, String username, String displayName, String passwordHash, boolean enabled) {
    }

    Optional<StoredUser> findByUsername(String username) {
        return jdbc.prepareStatement("SELECT id, username, display_name, password_hash, enabled FROM app_user "
                + "WHERE username = ?", ps -> {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(user(rs)) : Optional.empty();
            }
        });
    }

    List<StoredUser> findAll() {
        return jdbc.prepareStatement("SELECT id, username, display_name, password_hash, enabled FROM app_user "
                + "ORDER BY username", ps -> {
            List<StoredUser> users = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(user(rs));
                }
            }
            return users;
        });
    }

    /** Inserts the user unless the name is taken; true when inserted. */
    boolean insert(UUID id, String username, String displayName, String passwordHash, Instant at) {
        return jdbc.prepareStatement("INSERT INTO app_user (id, username, display_name, password_hash, enabled, created_at) "
                + "VALUES (?, ?, ?, ?, true, ?) ON CONFLICT (username) DO NOTHING", ps -> {
            ps.setObject(1, id);
            ps.setString(2, username);
            ps.setString(3, displayName);
            ps.setString(4, passwordHash);
            ps.setObject(5, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            return ps.executeUpdate() == 1;
        });
    }

    void setEnabled(UUID userId, boolean enabled) {
        jdbc.prepareStatement("UPDATE app_user SET enabled = ? WHERE id = ?", ps -> {
            ps.setBoolean(1, enabled);
            ps.setObject(2, userId);
            return ps.executeUpdate();
        });
    }

    List<Grant> grantsOf(String username) {
        return jdbc.prepareStatement("SELECT g.id, g.role, g.mechanism_code, g.level_code, g.team_code, g.party_code "
                + "FROM user_grant g JOIN app_user u ON u.id = g.user_id WHERE u.username = ? AND u.enabled "
                + "ORDER BY g.role, g.mechanism_code", ps -> {
            ps.setString(1, username);
            List<Grant> grants = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    grants.add(new Grant(rs.getObject("id", UUID.class), rs.getString("role"),
                            rs.getString("mechanism_code"), rs.getString("level_code"), rs.getString("team_code"),
                            rs.getString("party_code")));
                }
            }
            return grants;
        });
    }

    /** The enabled users holding {@code role} in {@code mechanism}, one row per grant, by name. */
    List<AccessService.Member> members(String role, String mechanism) {
        return jdbc.prepareStatement("""
                SELECT u.username, u.display_name, g.level_code, g.team_code
                FROM user_grant g JOIN app_user u ON u.id = g.user_id
                WHERE g.role = ? AND g.mechanism_code = ? AND u.enabled
                ORDER BY u.username, g.level_code NULLS FIRST, g.team_code NULLS FIRST
                """, ps -> {
            ps.setString(1, role);
            ps.setString(2, mechanism);
            List<AccessService.Member> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AccessService.Member(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        });
    }

    /** Inserts the grant unless the user holds it already; true when inserted. */
    boolean insertGrant(UUID userId, Grant g, Instant at) {
        return jdbc.prepareStatement("INSERT INTO user_grant (id, user_id, role, mechanism_code, level_code, team_code, "
                + "party_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ON CONSTRAINT uq_user_grant DO NOTHING", ps -> {
            ps.setObject(1, g.id());
            ps.setObject(2, userId);
            ps.setString(3, g.role());
            ps.setString(4, g.mechanism());
            ps.setString(5, g.level());
            ps.setString(6, g.team());
            ps.setString(7, g.party());
            ps.setObject(8, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            return ps.executeUpdate() == 1;
        });
    }

    boolean deleteGrant(UUID userId, UUID grantId) {
        return jdbc.prepareStatement("DELETE FROM user_grant WHERE id = ? AND user_id = ?", ps -> {
            ps.setObject(1, grantId);
            ps.setObject(2, userId);
            return ps.executeUpdate() == 1;
        });
    }

    private static StoredUser user(ResultSet rs) throws SQLException {
        return new StoredUser(rs.getObject("id", UUID.class), rs.getString("username"), rs.getString("display_name"),
                rs.getString("password_hash"), rs.getBoolean("enabled"));
    }
}

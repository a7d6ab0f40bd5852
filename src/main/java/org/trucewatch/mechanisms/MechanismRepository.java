package org.trucewatch.mechanisms;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** All SQL on {@code mechanism_protocol}: every version ever loaded is kept. */
@Connectable
@Singleton
class MechanismRepository {
    private final JdbcOperations jdbc;

    MechanismRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest version of each mechanism, as stored JSON. */
    List<String> currentDefinitions() {
        return jdbc.prepareStatement("SELECT DISTINCT ON (code) definition::text FROM mechanism_protocol "
                + "ORDER BY code, version DESC", ps -> {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** Stores a version unless that code and version exist; true when stored. */
    boolean insert(String code, int version, String definitionJson, String actor, Instant at) {
        return jdbc.prepareStatement("INSERT INTO mechanism_protocol (code, version, definition, loaded_at, loaded_by) "
                + "VALUES (?, ?, CAST(? AS jsonb), ?, ?) ON CONFLICT (code, version) DO NOTHING", ps -> {
            ps.setString(1, code);
            ps.setInt(2, version);
            ps.setString(3, definitionJson);
            ps.setObject(4, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            ps.setString(5, actor);
            return ps.executeUpdate() == 1;
        });
    }

    /** The stored definition of one version, to tell a reload of the same file from a conflicting one. */
    String definition(String code, int version) {
        return jdbc.prepareStatement("SELECT definition::text FROM mechanism_protocol WHERE code = ? AND version = ?", ps -> {
            ps.setString(1, code);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }
}

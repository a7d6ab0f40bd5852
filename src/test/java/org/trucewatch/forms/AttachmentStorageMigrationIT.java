package org.trucewatch.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.support.TestDatabase;

/**
 * migrations/V85 on a database that already holds files as bytea: each is copied into a large
 * object the service's role can read but neither change nor remove, and the objects the
 * service creates afterwards are sealed alike. Runs in a database of its own, migrated step by step.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttachmentStorageMigrationIT {
    final String database = "migration_" + UUID.randomUUID().toString().substring(0, 8);
    final byte[] photo = "an old photo, stored as bytea before V85".getBytes(StandardCharsets.UTF_8);
    Map<String, String> p;
    String url;

    @BeforeAll
    void setUp() throws SQLException {
        p = TestDatabase.get().properties();
        String owner = p.get("flyway.datasources.schema.user");
        try (Connection c = TestDatabase.get().connectAsSuperuser(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database + " OWNER \"" + owner + "\"");
        }
        url = TestDatabase.get().in(database);
        try (Connection c = TestDatabase.get().connectAsSuperuser(database); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION postgis");
        }
    }

    @AfterAll
    void tearDown() throws SQLException {
        try (Connection c = TestDatabase.get().connectAsSuperuser(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    Flyway flyway(String target) {
        return Flyway.configure().dataSource(url, p.get("flyway.datasources.schema.user"),
                        p.get("flyway.datasources.schema.password"))
                .locations("filesystem:migrations").target(target)
                .placeholders(Map.of("approle", p.get("datasources.default.username"))).load();
    }

    /** The newest migration before {@code version}, whatever other branches have added meanwhile. */
    static String lastBefore(int version) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("migrations"))) {
            return String.valueOf(files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).filter(v -> v < version)
                    .max().orElseThrow());
        }
    }

    Connection owner() throws SQLException {
        return DriverManager.getConnection(url, p.get("flyway.datasources.schema.user"),
                p.get("flyway.datasources.schema.password"));
    }

    Connection app() throws SQLException {
        return DriverManager.getConnection(url, p.get("datasources.default.username"), p.get("datasources.default.password"));
    }

    @Test
    void bytesStoredBeforeV85AreReadableLargeObjectsThatTheServiceCannotChange() throws Exception {
        flyway(lastBefore(85)).migrate();
        UUID report = UUID.randomUUID();
        try (Connection c = owner(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO report (id, client_report_id, content_digest, geom, observed_at, observed_utc_offset_s, "
                    + "time_precision, category, taxonomy_version, source_type, mechanism_code, received_at, submitted_by) "
                    + "VALUES ('" + report + "', gen_random_uuid(), '\\x00', ST_SetSRID(ST_MakePoint(35.4, 33.1), 4326), "
                    + "now(), 7200, 'exact', 'EXPLOSION', 'v84', 'DIRECT_OBSERVATION', 'old-mech', now(), 'old-monitor')");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_attachment (report_id, name, content_type,"
                    + " size_bytes, sha256, content, received_at, received_by) VALUES (?, 'old.jpg', 'image/jpeg', ?, ?, ?,"
                    + " now(), 'old-monitor')")) {
                ps.setObject(1, report);
                ps.setInt(2, photo.length);
                ps.setBytes(3, MessageDigest.getInstance("SHA-256").digest(photo));
                ps.setBytes(4, photo);
                ps.executeUpdate();
            }
        }

        flyway("latest").migrate();

        try (Connection c = app(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            ResultSet rs = s.executeQuery("SELECT content_oid, lo_get(content_oid), size_bytes, sha256 = sha256(lo_get(content_oid))"
                    + " FROM report_attachment WHERE report_id = '" + report + "'");
            assertThat(rs.next()).isTrue();
            long oid = rs.getLong(1);
            assertThat(rs.getBytes(2)).isEqualTo(photo);
            assertThat(rs.getLong(3)).isEqualTo(photo.length);
            assertThat(rs.getBoolean(4)).isTrue();
            c.commit();
            assertThatThrownBy(() -> s.execute("SELECT lo_put(" + oid + ", 0, '\\x00')")).hasMessageContaining("permission denied");
            c.rollback();
            assertThatThrownBy(() -> s.execute("SELECT lo_unlink(" + oid + ")")).hasMessageContaining("must be owner");
            c.rollback();

            // What the service creates: writable in its transaction until sealed, then read-only.
            rs = s.executeQuery("SELECT attachment_content_create()");
            rs.next();
            long created = rs.getLong(1);
            s.execute("SELECT lo_put(" + created + ", 0, '\\x0102')");
            s.execute("SELECT attachment_content_seal(" + created + ")");
            assertThatThrownBy(() -> s.execute("SELECT lo_put(" + created + ", 0, '\\x00')")).hasMessageContaining("permission denied");
            c.rollback();
        }
    }
}

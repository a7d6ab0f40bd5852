package org.trucewatch.forms;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** All SQL on {@code report_attachment} and {@code report_revision}. */
@Singleton
class AttachmentRepository {
    private final JdbcOperations jdbc;

    AttachmentRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored file's metadata, without its bytes. */
    record StoredAttachment(String name, String contentType, int sizeBytes, byte[] sha256) {
    }

    /** True when this call stored the file; false when one of that name was already attached. */
    boolean insertIfAbsent(UUID reportId, MediaPart part, Instant at, String by) {
        return jdbc.prepareStatement("INSERT INTO report_attachment (report_id, name, content_type, size_bytes, sha256,"
                + " content, received_at, received_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", ps -> {
            ps.setObject(1, reportId);
            ps.setString(2, part.name());
            ps.setString(3, part.contentType());
            ps.setInt(4, part.bytes().length);
            ps.setBytes(5, part.sha256());
            ps.setBytes(6, part.bytes());
            ps.setObject(7, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            ps.setString(8, by);
            return ps.executeUpdate() == 1;
        });
    }

    Optional<StoredAttachment> find(UUID reportId, String name) {
        return jdbc.prepareStatement("""
                SELECT name, content_type, size_bytes, sha256 FROM report_attachment WHERE report_id = ? AND name = ?
                """, ps -> {
            ps.setObject(1, reportId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        });
    }

    /** The files of a report, by name, without their bytes. */
    java.util.List<StoredAttachment> list(UUID reportId) {
        return jdbc.prepareStatement("""
                SELECT name, content_type, size_bytes, sha256 FROM report_attachment WHERE report_id = ? ORDER BY name
                """, ps -> {
            ps.setObject(1, reportId);
            java.util.List<StoredAttachment> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
            return out;
        });
    }

    /** A stored file and its bytes. */
    record AttachmentContent(StoredAttachment meta, byte[] bytes) {
    }

    Optional<AttachmentContent> content(UUID reportId, String name) {
        return jdbc.prepareStatement("""
                SELECT name, content_type, size_bytes, sha256, content FROM report_attachment
                WHERE report_id = ? AND name = ?
                """, ps -> {
            ps.setObject(1, reportId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new AttachmentContent(map(rs), rs.getBytes(5))) : Optional.empty();
            }
        });
    }

    /** Links an edit to the report it replaces; true when this call made the link. */
    boolean linkRevision(UUID reportId, UUID supersedes) {
        return jdbc.prepareStatement("INSERT INTO report_revision (report_id, supersedes_report_id) VALUES (?, ?)"
                + " ON CONFLICT DO NOTHING", ps -> {
            ps.setObject(1, reportId);
            ps.setObject(2, supersedes);
            return ps.executeUpdate() == 1;
        });
    }

    private static StoredAttachment map(ResultSet rs) throws java.sql.SQLException {
        return new StoredAttachment(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBytes(4));
    }
}

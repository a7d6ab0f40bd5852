package org.trucewatch.forms;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code report_attachment}: the metadata of each file; the bytes are a large object named by
 * {@code content_oid} ({@link AttachmentContentStore}). Each call joins the submission's transaction.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface AttachmentRepository extends GenericRepository<ReportAttachment, ReportAttachment.Key> {

    /** A stored file's metadata: where its bytes are, and what its EXIF said (photos). */
    @Introspected
    record StoredAttachment(String name, String contentType, long sizeBytes, byte[] sha256, long contentOid, Instant receivedAt,
                            @Nullable Double exifLatitude, @Nullable Double exifLongitude,
                            @Nullable Instant exifTakenAt, @Nullable LocalDateTime exifTakenLocal,
                            @Nullable Double distanceFromReportM) {
    }

    /** ON CONFLICT, not a failed INSERT: a resent file must not abort the submission's transaction. 1 when stored. */
    @Query("""
            INSERT INTO report_attachment (report_id, name, content_type, size_bytes, sha256, content_oid, received_at,
            received_by, exif_position, exif_taken_at, exif_taken_local)
            VALUES (:reportId, :name, :contentType, :sizeBytes, :sha256, :contentOid, :receivedAt, :receivedBy,
            ST_SetSRID(ST_MakePoint(CAST(:exifLongitude AS float8), CAST(:exifLatitude AS float8)), 4326),
            :exifTakenAt, :exifTakenLocal)
            ON CONFLICT DO NOTHING""")
    int insertIfAbsent(UUID reportId, String name, String contentType, long sizeBytes, byte[] sha256, long contentOid,
                       Instant receivedAt, String receivedBy, @Nullable Double exifLongitude,
                       @Nullable Double exifLatitude, @Nullable Instant exifTakenAt,
                       @Nullable LocalDateTime exifTakenLocal);

    /** True when this call stored the file; false when one of that name was already attached. */
    default boolean insertIfAbsent(UUID reportId, MediaPart part, AttachmentContentStore.Stored stored, PhotoExif exif,
                                   Instant at, String by) {
        return insertIfAbsent(reportId, part.name(), part.contentType(), stored.size(), stored.sha256(), stored.oid(),
                at, by, exif.longitude(), exif.latitude(), exif.takenAt(), exif.takenLocal()) == 1;
    }

    /** A new, empty large object, owned by the schema's owner, that this transaction may write (migrations/V85). */
    @Query("SELECT attachment_content_create()")
    long createContent();

    /** Takes the right to write the object back once its bytes are in: stored evidence is read-only to the service. */
    @Query("SELECT attachment_content_seal(:oid)")
    boolean sealContent(long oid);

    /** Removes an object no attachment names (one written by a POST that lost a race). */
    @Query("SELECT attachment_content_discard(:oid)")
    boolean discardContent(long oid);

    String COLUMNS = """
            SELECT a.name, a.content_type, a.size_bytes, a.sha256, a.content_oid, a.received_at, ST_Y(a.exif_position) AS exif_latitude,
            ST_X(a.exif_position) AS exif_longitude, a.exif_taken_at, a.exif_taken_local,
            ST_Distance(a.exif_position::geography, r.geom::geography) AS distance_from_report_m
            FROM report_attachment a JOIN report r ON r.id = a.report_id
            """;

    @Query(COLUMNS + "WHERE a.report_id = :reportId AND a.name = :name")
    Optional<StoredAttachment> find(UUID reportId, String name);

    /** The files of a report, by name; the EXIF position's distance from the report is in metres on the ground. */
    @Query(COLUMNS + "WHERE a.report_id = :reportId ORDER BY a.name")
    List<StoredAttachment> list(UUID reportId);
}

package org.trucewatch.forms;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.convert.format.ReadableBytes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.trucewatch.access.Principal;
import org.trucewatch.audit.AuditLog;
import org.trucewatch.audit.AuditRecord;
import org.trucewatch.intake.Report;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * Stores one file of a report, the same way whichever route it came by (an OpenRosa
 * submission's part, or a PUT of the JSON API): its bytes streamed into a large object of the
 * caller's transaction with their SHA-256, a photo's EXIF read back, the row in
 * {@code report_attachment}, and {@code report.attach} in the audit chain. A name already
 * attached must come with the same bytes (409 otherwise). Also the one place that says how
 * large a file of each kind may be.
 */
@Singleton
class AttachmentWriter {
    private final AttachmentRepository attachments;
    private final AttachmentContentStore content;
    private final MechanismService mechanisms;
    private final AuditLog audit;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final long maxFileBytes;

    AttachmentWriter(AttachmentRepository attachments, AttachmentContentStore content, MechanismService mechanisms,
                     AuditLog audit, Clock clock, ObjectMapper mapper,
                     @Value("${trucewatch.forms.max-file-bytes:100MB}") @ReadableBytes long maxFileBytes) {
        this.attachments = attachments;
        this.content = content;
        this.mechanisms = mechanisms;
        this.audit = audit;
        this.clock = clock;
        this.mapper = mapper;
        this.maxFileBytes = maxFileBytes;
    }

    /** The most bytes a file of {@code kind} (photo, audio, video) may have: the mechanism's limit within the service's ceiling. */
    long limit(String mechanism, String kind) {
        MechanismProtocol protocol = mechanisms.protocol(mechanism).orElseThrow();
        return Math.min(maxFileBytes, protocol.maxMediaBytes(kind));
    }

    /** 413 naming the file, its size and the limit, and what the client can do instead. */
    static ProblemException tooLarge(String name, long size, String kind, long limit) {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The file " + name + " is " + (size < 0 ? "over " + limit : size)
                + " bytes; a " + kind + " may be at most " + limit + " bytes here. Send the report without it, or a smaller file.");
    }

    /**
     * Streams one file into a large object with its SHA-256 and, for a photo, its EXIF; true when
     * this call added it, false when the same bytes were already attached under that name.
     */
    boolean store(Report report, MediaPart part, String kind, Principal user) {
        Optional<AttachmentRepository.StoredAttachment> existing = attachments.find(report.id(), part.name());
        if (existing.isPresent()) {
            requireSameContent(existing.get(), AttachmentContentStore.sha256Of(open(part)), part);
            return false;
        }
        AttachmentContentStore.Stored stored = content.store(open(part));
        // Read back from the stored copy: the decoder's buffer can be read once only.
        PhotoExif exif = FormQuestion.PHOTO.equals(kind) ? content.readBack(stored.oid(), PhotoExif::read) : PhotoExif.NONE;
        if (!attachments.insertIfAbsent(report.id(), part, stored, exif, clock.instant(), user.username())) {
            // Another request with the same file stored it meanwhile.
            content.unlink(stored.oid());
            requireSameContent(attachments.find(report.id(), part.name()).orElseThrow(), stored.sha256(), part);
            return false;
        }
        audit.append(AuditRecord.of(user.username(), "report.attach", "report", report.id().toString())
                .withDigests(null, HexFormat.of().formatHex(stored.sha256()))
                .withDetails(mapper.createObjectNode().put("name", part.name()).put("bytes", stored.size()).toString()));
        return true;
    }

    private static void requireSameContent(AttachmentRepository.StoredAttachment stored, byte[] sha256, MediaPart part) {
        if (!Arrays.equals(stored.sha256(), sha256)) {
            throw new ProblemException(ProblemType.REPORT_CONFLICT, "The file " + part.name()
                    + " was already received for this report with other content");
        }
    }

    private static InputStream open(MediaPart part) {
        try {
            return part.content().open();
        } catch (IOException e) {
            throw new UncheckedIOException("a received file could not be read back from its buffer", e);
        }
    }
}

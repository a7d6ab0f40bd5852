package org.trucewatch.forms;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.commons.io.input.BoundedInputStream;
import org.trucewatch.access.Principal;
import org.trucewatch.intake.Report;
import org.trucewatch.intake.ReportService;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * A file added to a report through the JSON API ({@code PUT /api/v1/reports/{id}/attachments/{name}}),
 * as the web app sends each photo, recording or video after its report: one file per request,
 * so that on a poor link each is retried on its own. Stored as an OpenRosa part is
 * ({@link AttachmentWriter}): SHA-256, EXIF, {@code report.attach}; idempotent by name.
 */
@Singleton
class ReportFileUpload {
    private final ReportService reports;
    private final AttachmentWriter writer;

    ReportFileUpload(ReportService reports, AttachmentWriter writer) {
        this.reports = reports;
        this.writer = writer;
    }

    /**
     * Adds {@code body} as the file {@code name} of user's report; true when stored now, false
     * when the same bytes were already there. In order: the report (404, 403 unless user sent
     * it, 409 past triage), the name (400), the type (415: photo, audio or video), the size
     * (413 over the mechanism's limit, from Content-Length and again as the bytes arrive, so a
     * body without a length is bounded too). A refusal stores nothing: all of it is one transaction.
     */
    @Transactional
    public boolean attach(UUID reportId, String name, String contentType, long declaredSize, InputStream body,
                          Principal user) {
        Report report = reports.lockForAttachment(reportId, user);
        String unstorable = MediaFileName.whyUnstorable(name);
        if (unstorable != null) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "The file name " + MediaFileName.quoted(name) + " is refused: "
                    + unstorable, List.of(FieldError.parameter("name", unstorable)));
        }
        String kind = kindOf(contentType);
        long limit = writer.limit(report.content().mechanism(), kind);
        if (declaredSize > limit) {
            throw AttachmentWriter.tooLarge(name, declaredSize, kind, limit);
        }
        // One byte past the limit is read to tell "exactly the limit" from "over it"; reading on refuses.
        InputStream bounded;
        try {
            bounded = BoundedInputStream.builder().setInputStream(body).setMaxCount(limit + 1)
                    .setOnMaxCount((max, count) -> {
                        throw AttachmentWriter.tooLarge(name, -1, kind, limit);
                    }).get();
        } catch (IOException e) {
            throw new UncheckedIOException("the request body could not be opened", e);
        }
        return writer.store(report, MediaPart.of(name, contentType, declaredSize, () -> bounded), kind, user);
    }

    /** The kind of file (its limit's name in the mechanism's protocol) a media type is, or 415. */
    static String kindOf(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("image/")) {
            return FormQuestion.PHOTO;
        }
        if (type.startsWith("audio/")) {
            return "audio";
        }
        if (type.startsWith("video/")) {
            return "video";
        }
        String detail = "must be a photo (image/*), a recording (audio/*) or a video (video/*)";
        throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Type "
                + (contentType == null ? "missing" : contentType) + ": " + detail, List.of(FieldError.header("Content-Type", detail)));
    }
}

package org.trucewatch.forms;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.micronaut.http.server.types.files.StreamedFile;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.ConfidentialField;
import org.trucewatch.access.Redactor;
import org.trucewatch.access.Shape;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Visibility;
import org.trucewatch.problem.ProblemException;

/**
 * A file attached to a report. Media are confidential ({@link ConfidentialField#MEDIA}):
 * only those who see the report in full (the chair's staff of its mechanism, and its
 * submitter) get the bytes and the listing, with a photo's EXIF position (as telling as the
 * observer's own location: docs/security.md); a party delegate who sees the report redacted gets 403.
 */
@Controller("/api/v1/reports/{id}/attachments")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@Tag(name = "Reports")
@SecurityRequirement(name = "bearer")
class AttachmentController {
    private final FormSubmissionService attachments;
    private final ReportFileUpload upload;
    private final AccessService access;
    private final AccessPolicy policy;
    private final Redactor redactor;
    private final long exifDistanceFlagM;

    AttachmentController(FormSubmissionService attachments, ReportFileUpload upload, AccessService access,
                         AccessPolicy policy, Redactor redactor,
                         @Value("${trucewatch.forms.exif-distance-flag-m:1000}") long exifDistanceFlagM) {
        this.upload = upload;
        this.exifDistanceFlagM = exifDistanceFlagM;
        this.redactor = redactor;
        this.attachments = attachments;
        this.access = access;
        this.policy = policy;
    }

    /**
     * One file as listed: its name, type, size and SHA-256 (hex); for a photo, where and when its
     * EXIF says it was taken ({@code exifPosition}: GeoJSON Point, longitude first;
     * {@code exifTakenAt}: an instant; {@code exifTakenLocal}: the camera's clock when EXIF gives
     * no offset), how far that is from the report's position in metres on the ground, and
     * {@code exifFarFromReport} when farther than {@code trucewatch.forms.exif-distance-flag-m}.
     */
    record AttachmentView(String name, String contentType, long sizeBytes, String sha256,
                          @Nullable @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> exifPosition,
                          @Nullable @JsonInclude(JsonInclude.Include.NON_NULL) Instant exifTakenAt,
                          @Nullable @JsonInclude(JsonInclude.Include.NON_NULL) LocalDateTime exifTakenLocal,
                          @Nullable @JsonInclude(JsonInclude.Include.NON_NULL) Long distanceFromReportM,
                          @Nullable @JsonInclude(JsonInclude.Include.NON_NULL) Boolean exifFarFromReport) {
    }

    @Operation(summary = "The files attached to a report (no bytes), with a photo's EXIF position and time",
            description = "Same access as the files themselves.")
    @Get
    List<AttachmentView> attachments(Authentication authentication, @PathVariable String id) {
        UUID reportId = parse(id);
        mayReadMedia(reportId, access.principal(authentication));
        return attachments.attachments(reportId).stream().map(this::view).toList();
    }

    private AttachmentView view(AttachmentRepository.StoredAttachment a) {
        Map<String, Object> position = a.exifLongitude() == null ? null
                : Map.of("type", "Point", "coordinates", List.of(a.exifLongitude(), a.exifLatitude()));
        Long distance = a.distanceFromReportM() == null ? null : Math.round(a.distanceFromReportM());
        return new AttachmentView(a.name(), a.contentType(), a.sizeBytes(), HexFormat.of().formatHex(a.sha256()),
                position, a.exifTakenAt(), a.exifTakenLocal(), distance,
                distance == null ? null : distance > exifDistanceFlagM);
    }

    @Operation(summary = "One file attached to a report", description = "The bytes as received, streamed; ETag is the SHA-256.")
    @Get("/{name}")
    HttpResponse<StreamedFile> attachment(Authentication authentication, @PathVariable String id,
                                               @PathVariable String name) {
        UUID reportId = parse(id);
        Principal user = access.principal(authentication);
        mayReadMedia(reportId, user);
        AttachmentRepository.StoredAttachment file = attachments.readAttachment(reportId, name, user.username())
                .orElseThrow(() -> ProblemException.notFound("Report " + id + " has no file " + name));
        // Micronaut writes the stream out as the client reads (and closes it, which frees its connection).
        StreamedFile body = new StreamedFile(attachments.content(file), MediaType.of(file.contentType()),
                file.receivedAt().toEpochMilli(), file.sizeBytes());
        return HttpResponse.ok(body)
                .header("ETag", "\"" + HexFormat.of().formatHex(file.sha256()) + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "attachment");
    }

    @Operation(summary = "Adds a file (photo, audio, video) to one's own report",
            description = "The raw bytes with their Content-Type (image/*, audio/*, video/*). 201 when stored, 200 when "
                    + "the same bytes were already stored under this name, 409 for other bytes under it or a report past "
                    + "triage, 413 over the mechanism's limit for that kind. Only the report's submitter.")
    @Put("/{name}")
    @Consumes(MediaType.ALL)
    HttpResponse<AttachmentView> add(HttpRequest<?> request, Authentication authentication, @PathVariable String id,
                                     @PathVariable String name, @Body InputStream body) {
        UUID reportId = parse(id);
        Principal user = access.principal(authentication);
        boolean created = upload.attach(reportId, name, request.getContentType().map(MediaType::toString).orElse(null),
                request.getContentLength(), body, user);
        AttachmentView view = view(attachments.attachments(reportId).stream().filter(a -> a.name().equals(name))
                .findFirst().orElseThrow());
        return created ? HttpResponse.created(view) : HttpResponse.ok(view);
    }

    /** Media are for those who see the report in full: 404 if the report is not visible at all, else 403. */
    private void mayReadMedia(UUID reportId, Principal user) {
        Visibility visibility = policy.reportVisibility(user, reportId);
        if (visibility == Visibility.NONE) {
            throw ProblemException.notFound("No report " + reportId);
        }
        redactor.requireWhole(Shape.MEDIA_FILE, visibility);
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No report " + id);
        }
    }
}

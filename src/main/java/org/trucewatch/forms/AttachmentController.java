package org.trucewatch.forms;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
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
 * submitter) get the bytes; a party delegate who sees the report redacted gets 403.
 */
@Controller("/api/v1/reports/{id}/attachments")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@Tag(name = "Reports")
@SecurityRequirement(name = "bearer")
class AttachmentController {
    private final FormSubmissionService attachments;
    private final AccessService access;
    private final AccessPolicy policy;
    private final Redactor redactor;

    AttachmentController(FormSubmissionService attachments, AccessService access,
                         AccessPolicy policy, Redactor redactor) {
        this.redactor = redactor;
        this.attachments = attachments;
        this.access = access;
        this.policy = policy;
    }

    /** One file as listed: its name, type, size and SHA-256 (hex). */
    record AttachmentView(String name, String contentType, int sizeBytes, String sha256) {
    }

    @Operation(summary = "The files attached to a report (no bytes)", description = "Same access as the files themselves.")
    @Get
    java.util.List<AttachmentView> attachments(Authentication authentication, @PathVariable String id) {
        UUID reportId = parse(id);
        mayReadMedia(reportId, access.principal(authentication));
        return attachments.attachments(reportId).stream().map(a -> new AttachmentView(a.name(), a.contentType(),
                a.sizeBytes(), java.util.HexFormat.of().formatHex(a.sha256()))).toList();
    }

    @Operation(summary = "One file attached to a report", description = "The bytes as received; ETag is the SHA-256.")
    @Get("/{name}")
    HttpResponse<byte[]> attachment(Authentication authentication, @PathVariable String id, @PathVariable String name) {
        UUID reportId = parse(id);
        Principal user = access.principal(authentication);
        mayReadMedia(reportId, user);
        AttachmentRepository.AttachmentContent file = attachments.readAttachment(reportId, name, user.username())
                .orElseThrow(() -> ProblemException.notFound("Report " + id + " has no file " + name));
        AttachmentRepository.StoredAttachment meta = file.meta();
        return HttpResponse.ok(file.bytes()).contentType(MediaType.of(meta.contentType()))
                .header("ETag", "\"" + java.util.HexFormat.of().formatHex(meta.sha256()) + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "attachment");
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

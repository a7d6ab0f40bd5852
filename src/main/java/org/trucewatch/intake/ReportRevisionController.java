package org.trucewatch.intake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Visibility;
import org.trucewatch.geo.GeoJsonWriter;
import org.trucewatch.problem.Problem;
import org.trucewatch.problem.ProblemException;

/** Corrections of a report (a new revision under the same id) and its history. */
@Controller("/api/v1/reports/{id}")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@Tag(name = "Reports")
@SecurityRequirement(name = "bearer")
class ReportRevisionController {
    private final ReportService service;
    private final ReportFeatureReader reader;
    private final ReportFeatureWriter writer;
    private final ReportController reports;
    private final AccessService access;
    private final AccessPolicy policy;
    private final List<ReportAnnotation> annotations;

    ReportRevisionController(ReportService service, ReportFeatureReader reader, ReportFeatureWriter writer,
                             ReportController reports, AccessService access, AccessPolicy policy,
                             List<ReportAnnotation> annotations) {
        this.service = service;
        this.reader = reader;
        this.writer = writer;
        this.reports = reports;
        this.access = access;
        this.policy = policy;
        this.annotations = annotations;
    }

    @Operation(summary = "Correct a report",
            description = "The whole corrected Feature, with a new properties.clientReportId naming the revision, "
                    + "and If-Match naming the revision it was made from (the ETag of GET). The report keeps its id; "
                    + "the revision it replaces stays in its history. Only the author (or the chair's staff, who see "
                    + "it in full) may correct it, and only until its incident is past triage.")
    @ApiResponse(responseCode = "200", description = "The new current revision (or, for a resend of it, the same); "
            + "ETag names it", content = @Content(mediaType = ReportFeatureWriter.GEO_JSON,
            schema = @Schema(ref = "#/components/schemas/ReportFeature")))
    @ApiResponse(responseCode = "403", description = "Not the author's report (forbidden)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = Problem.SCHEMA)))
    @ApiResponse(responseCode = "409", description = "stale-revision: If-Match is not the current revision; "
            + "report-past-triage: the incident is past triage; report-conflict: the clientReportId names other content",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = Problem.SCHEMA)))
    @ApiResponse(responseCode = "422", description = "Invalid report: errors name each field by JSON pointer",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = Problem.SCHEMA)))
    @ApiResponse(responseCode = "428", description = "If-Match is missing",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = Problem.SCHEMA)))
    @Put
    @Consumes({MediaType.APPLICATION_JSON, ReportFeatureWriter.GEO_JSON})
    @Produces({ReportFeatureWriter.GEO_JSON, MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    HttpResponse<ObjectNode> correct(HttpRequest<?> request, Authentication authentication, @PathVariable String id,
                                     @Nullable @Header("If-Match") String ifMatch, @Body @Nullable String body) {
        UUID reportId = ReportController.parseId(id);
        Principal user = access.principal(authentication);
        ReportController.refuseTooLarge(body);
        int from = RevisionTag.revisionOf(ifMatch);
        SubmitReportCommand content = reader.read(body);
        RevisionOutcome outcome = service.revise(new ReviseReportCommand(reportId, from, null, content, List.of()), user);
        Report report = outcome.report();
        return HttpResponse.ok(writer.feature(report, reports.selfHref(request, report.id()), Visibility.FULL,
                annotations)).header("ETag", RevisionTag.of(report));
    }

    @Operation(summary = "A report's revisions",
            description = "Every revision, oldest first, each as this reader may see the report (confidential fields "
                    + "out of a redacted view), with when it was made, by whom, and which members changed.")
    @ApiResponse(responseCode = "200", description = "The revisions", content = @Content(
            mediaType = ReportFeatureWriter.GEO_JSON, schema = @Schema(ref = "#/components/schemas/ReportRevisions")))
    @ApiResponse(responseCode = "404", description = "No such report",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = Problem.SCHEMA)))
    @Get("/revisions")
    @Produces({ReportFeatureWriter.GEO_JSON, MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    ObjectNode revisions(HttpRequest<?> request, Authentication authentication, @PathVariable String id) {
        UUID reportId = ReportController.parseId(id);
        Principal user = access.principal(authentication);
        Report report = service.find(reportId).orElseThrow(() -> ProblemException.notFound("No report " + id));
        Visibility visibility = policy.reportVisibility(user, report.id(), report.submittedBy());
        if (visibility == Visibility.NONE) {
            throw ProblemException.notFound("No report " + id);
        }
        String self = reports.selfHref(request, report.id());
        ObjectNode collection = GeoJsonWriter.featureCollection();
        ArrayNode features = collection.putArray("features");
        ObjectNode before = null;
        for (ReportRevision revision : service.revisions(reportId)) {
            ObjectNode feature = writer.revision(revision, self, visibility);
            ArrayNode changed = ((ObjectNode) feature.get("properties")).putArray("changed");
            RevisionDiff.between(before, feature).forEach(changed::add);
            features.add(feature);
            before = feature;
        }
        collection.put("numberReturned", features.size());
        collection.putArray("links").addObject().put("href", self + "/revisions").put("rel", "self")
                .put("type", ReportFeatureWriter.GEO_JSON);
        return collection;
    }
}

package org.trucewatch.intake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Seen;
import org.trucewatch.access.Visibility;
import org.trucewatch.geo.GeoJsonWriter;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;
import org.trucewatch.problem.Problem;
import org.trucewatch.taxonomy.Taxonomy;

/** The JSON intake: field reports as GeoJSON Features. Routes parse, call the service, answer. */
@Controller("/api/v1/reports")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@Tag(name = "Reports")
@SecurityRequirement(name = "bearer")
class ReportController {
    /** trucewatch.json-max-request-size: the global request limit is higher for OpenRosa submissions. */
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private final ReportService service;
    private final ReportFeatureReader reader;
    private final ReportFeatureWriter writer;
    private final Taxonomy taxonomy;
    private final HttpHostResolver hosts;
    private final AccessService access;
    private final AccessPolicy policy;
    private final List<ReportAnnotation> annotations;
    private final List<ReportAnnotation> onSubmission;

    ReportController(ReportService service, ReportFeatureReader reader, ReportFeatureWriter writer,
                     Taxonomy taxonomy, HttpHostResolver hosts, AccessService access,
                     AccessPolicy policy, List<ReportAnnotation> annotations) {
        this.annotations = annotations;
        this.onSubmission = annotations.stream().filter(ReportAnnotation::onSubmission).toList();
        this.access = access;
        this.policy = policy;
        this.service = service;
        this.reader = reader;
        this.writer = writer;
        this.taxonomy = taxonomy;
        this.hosts = hosts;
    }

    @Operation(summary = "Submit a field report",
            description = "Stores a GeoJSON Feature once per properties.clientReportId. A resend of the same "
                    + "report answers 200 with the stored one; the same clientReportId with other content answers 409.")
    @RequestBody(required = true, content = {
            @Content(mediaType = ReportFeatureWriter.GEO_JSON, schema = @Schema(ref = "#/components/schemas/ReportSubmission")),
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "#/components/schemas/ReportSubmission"))})
    @ApiResponse(responseCode = "201", description = "Stored; Location names the new report",
            content = @Content(mediaType = ReportFeatureWriter.GEO_JSON, schema = @Schema(ref = "#/components/schemas/ReportFeature")))
    @ApiResponse(responseCode = "200", description = "Already stored: the original report",
            content = @Content(mediaType = ReportFeatureWriter.GEO_JSON, schema = @Schema(ref = "#/components/schemas/ReportFeature")))
    @ApiResponse(responseCode = "400", description = "Bad query parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = Problem.SCHEMA)))
    @ApiResponse(responseCode = "409", description = "clientReportId already used for other content",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = Problem.SCHEMA)))
    @ApiResponse(responseCode = "413", description = "Body larger than 1 MB",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = Problem.SCHEMA)))
    @ApiResponse(responseCode = "415", description = "Not JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = Problem.SCHEMA)))
    @ApiResponse(responseCode = "422", description = "Invalid report: errors name each field by JSON pointer",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = Problem.SCHEMA)))
    @Post
    @Consumes({MediaType.APPLICATION_JSON, ReportFeatureWriter.GEO_JSON})
    @Produces({ReportFeatureWriter.GEO_JSON, MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    HttpResponse<ObjectNode> submit(HttpRequest<?> request, Authentication authentication, @Body @Nullable String body) {
        refuseTooLarge(body);
        SubmitReportCommand command = reader.read(body);
        Principal user = access.principal(authentication);
        command = command.withMechanism(policy.submissionMechanism(user, command.mechanism()));
        SubmissionOutcome outcome = service.submit(command, user.username());
        Visibility visibility = visibility(user, outcome.report());
        if (visibility == Visibility.NONE) {
            // Someone else's report under the same id: say no more than that the id is taken.
            throw new ProblemException(ProblemType.REPORT_CONFLICT, "This clientReportId is already used");
        }
        if (outcome.otherContent()) {
            throw outcome.conflictNamingTheStoredReport();
        }
        String self = selfHref(request, outcome.report().id());
        ObjectNode feature = writer.feature(outcome.report(), self, visibility, onSubmission);
        return outcome.created()
                ? HttpResponse.<ObjectNode>status(HttpStatus.CREATED).header("Location", self).body(feature)
                : HttpResponse.ok(feature).header("Content-Location", self);
    }

    @Operation(summary = "One report", description = "The ETag names the current revision: send it back as "
            + "If-Match with a correction (PUT).")
    @ApiResponse(responseCode = "200", description = "The report",
            content = @Content(mediaType = ReportFeatureWriter.GEO_JSON, schema = @Schema(ref = "#/components/schemas/ReportFeature")))
    @ApiResponse(responseCode = "404", description = "No such report",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = Problem.SCHEMA)))
    @Get("/{id}")
    @Produces({ReportFeatureWriter.GEO_JSON, MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    HttpResponse<ObjectNode> report(HttpRequest<?> request, Authentication authentication, @PathVariable String id) {
        UUID uuid = parseId(id);
        Principal user = access.principal(authentication);
        Report report = service.find(uuid).orElseThrow(() -> ProblemException.notFound("No report " + id));
        Visibility visibility = visibility(user, report);
        if (visibility == Visibility.NONE) {
            throw ProblemException.notFound("No report " + id);
        }
        return HttpResponse.ok(writer.feature(report, selfHref(request, report.id()), visibility, annotations))
                .header("ETag", RevisionTag.of(report));
    }

    @Operation(summary = "Search reports",
            description = "Reports in receipt order, one page at a time; follow the 'next' link for the following page.")
    @ApiResponse(responseCode = "200", description = "A page of reports",
            content = @Content(mediaType = ReportFeatureWriter.GEO_JSON, schema = @Schema(ref = "#/components/schemas/ReportCollection")))
    @ApiResponse(responseCode = "400", description = "Bad query parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = Problem.SCHEMA)))
    @Get
    @Produces({ReportFeatureWriter.GEO_JSON, MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    ObjectNode reports(HttpRequest<?> request, Authentication authentication,
                       @Parameter(description = "minLon,minLat,maxLon,maxLat in CRS84 (west > east crosses the antimeridian)")
                       @Nullable @QueryValue String bbox,
                       @Parameter(description = "RFC 3339 instant, date, or interval start/end with '..' for an open end; "
                               + "matches the observed time")
                       @Nullable @QueryValue String datetime,
                       @Parameter(description = "comma-separated category codes from /api/v1/taxonomy")
                       @Nullable @QueryValue String category,
                       @Parameter(description = "page size, 1 to 1000 (default 100)") @Nullable @QueryValue String limit,
                       @Parameter(description = "opaque cursor from a 'next' link") @Nullable @QueryValue String cursor) {
        ReportQuery query = ReportQueryParser.parse(request.getParameters(), taxonomy);
        Principal user = access.principal(authentication);
        List<Seen<Report>> page = service.search(query, policy.scope(user));
        boolean more = page.size() > query.limit();
        List<Seen<Report>> shown = more ? page.subList(0, query.limit()) : page;
        ObjectNode collection = GeoJsonWriter.featureCollection();
        ArrayNode features = collection.putArray("features");
        shown.forEach(r -> features.add(writer.feature(r.value(), selfHref(request, r.value().id()), r.visibility())));
        collection.put("numberReturned", shown.size());
        ArrayNode links = collection.putArray("links");
        links.addObject().put("href", hosts.resolve(request) + request.getUri()).put("rel", "self")
                .put("type", ReportFeatureWriter.GEO_JSON);
        if (more) {
            String cursorValue = ReportQueryParser.cursorOf(shown.get(shown.size() - 1).value().id());
            String next = UriBuilder.of(request.getUri()).replaceQueryParam("cursor", cursorValue).build().toString();
            links.addObject().put("href", hosts.resolve(request) + next).put("rel", "next")
                    .put("type", ReportFeatureWriter.GEO_JSON);
        }
        return collection;
    }

    /** A chunked body has no Content-Length for BodySizeFilter to check. */
    static void refuseTooLarge(@Nullable String body) {
        if (body != null && body.length() > MAX_BODY_BYTES / 4
                && body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The report is larger than 1 MB");
        }
    }

    private Visibility visibility(Principal user, Report report) {
        return policy.reportVisibility(user, report.id(), report.submittedBy());
    }

    String selfHref(HttpRequest<?> request, UUID id) {
        return hosts.resolve(request) + "/api/v1/reports/" + id;
    }

    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No report " + id);
        }
    }
}

package org.trucewatch.reports;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.trucewatch.access.AccessService;

/** The mechanism's issued periodic reports: issue on demand, list, download (docs/reports.md, "Archive"). */
@Controller("/api/v1/mechanisms/{code}/reports")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Statistics")
@SecurityRequirement(name = "bearer")
class IssuedReportController {
    private final IssuedReports reports;
    private final AccessService access;

    IssuedReportController(IssuedReports reports, AccessService access) {
        this.reports = reports;
        this.access = access;
    }

    /** What a chair asks for: {@code kind} monthly, {@code period} YYYY-MM, optionally a level, or the id of the version to correct. */
    @Serdeable
    record IssueReportCommand(String kind, String period, String level, String corrects) {
    }

    @Operation(summary = "Issue a past month's report now (chairs of the mechanism; a level's chair for that level). "
            + "201 with the report; 409 naming the one already issued unless corrects names the latest version, "
            + "which the new version then replaces")
    @Post
    HttpResponse<IssuedReports.Summary> issue(@PathVariable String code, @Body IssueReportCommand command, Authentication auth) {
        return HttpResponse.created(reports.issue(code, command, access.principal(auth)));
    }

    @Operation(summary = "The mechanism's issued reports, newest first, with their SHA-256 and download links (members "
            + "only). With audience (public for anyone; internal for the chair's staff), the reports that audience may "
            + "download, their links asking for it")
    @Parameter(name = "audience", in = ParameterIn.QUERY, schema = @Schema(type = "string",
            allowableValues = {"internal", "parties", "public"}))
    @Get
    List<IssuedReports.Summary> list(@PathVariable String code, HttpRequest<?> request, Authentication auth) {
        return reports.list(code, request.getParameters().get("audience"), access.principal(auth));
    }

    @Operation(summary = "One issued report: {id} gives the stored JSON section for the caller's audience; {id}.html, .pdf, "
            + ".csv (bom=true for a UTF-8 byte order mark), .xlsx render it. The audience is the access policy's "
            + "(internal for the chair's staff, parties for delegates; audience=public for anyone)")
    @Parameter(name = "audience", in = ParameterIn.QUERY, schema = @Schema(type = "string",
            allowableValues = {"internal", "parties", "public"}))
    @Parameter(name = "lang", in = ParameterIn.QUERY, schema = @Schema(type = "string", allowableValues = {"en", "fr", "es", "ar"}))
    @Parameter(name = "bom", in = ParameterIn.QUERY, schema = @Schema(type = "boolean"))
    @Get("/{file}")
    @Produces({MediaType.APPLICATION_JSON, MediaType.ALL})
    HttpResponse<byte[]> download(@PathVariable String code, @PathVariable String file, HttpRequest<?> request,
                                  Authentication auth) {
        IssuedReports.Rendered r = reports.download(code, file, request.getParameters().get("audience"),
                request.getParameters().get("lang"), request.getParameters().get("bom"), access.principal(auth));
        io.micronaut.http.MutableHttpResponse<byte[]> response = HttpResponse.ok(r.body()).contentType(r.mediaType());
        return r.fileName() == null ? response
                : response.header("Content-Disposition", "attachment; filename=\"" + r.fileName() + "\"");
    }
}

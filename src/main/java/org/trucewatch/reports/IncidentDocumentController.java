package org.trucewatch.reports;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Optional;
import java.util.UUID;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Principal;

/** The incident report document, HTML or PDF (docs/reports.md, "The incident report document"). */
@Controller("/api/v1/incidents/{id}")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Incidents")
@SecurityRequirement(name = "bearer")
class IncidentDocumentController {
    private final IncidentDocuments documents;
    private final AccessService access;

    IncidentDocumentController(IncidentDocuments documents, AccessService access) {
        this.documents = documents;
        this.access = access;
    }

    @Operation(summary = "The mechanism's report on one incident at one level: facts, information gathered, casualties, "
            + "analysis, recommendation, the parties' positions at the level, the finding and the timeline, as document.html "
            + "or document.pdf, in the copy the access policy gives the caller (a delegate's without confidential "
            + "details); 404 as the incident route for an incident the caller does not see; a merged incident answers "
            + "307 to the incident it was merged into")
    @Get("/document.{format}")
    @Produces({MediaType.TEXT_HTML, "application/pdf", MediaType.ALL})
    HttpResponse<byte[]> document(Authentication auth,
                                  @PathVariable String id,
                                  @Parameter(schema = @Schema(type = "string", allowableValues = {"html", "pdf"}))
                                  @PathVariable String format,
                                  @Parameter(description = "a level of the mechanism (default: the incident's current level); "
                                          + "the positions shown are those recorded at it")
                                  @Nullable @QueryValue String level,
                                  @Parameter(schema = @Schema(type = "string", allowableValues = {"en", "fr", "es", "ar"}),
                                          description = "one of the mechanism's working languages (default: its first)")
                                  @Nullable @QueryValue String lang) {
        Principal user = access.principal(auth);
        UUID incident = documents.incidentId(id);
        Optional<UUID> survivor = documents.survivorOfMerged(incident, user);
        if (survivor.isPresent()) {
            UriBuilder to = UriBuilder.of("/api/v1/incidents/" + survivor.get() + "/document." + format);
            if (level != null) {
                to.queryParam("level", level);
            }
            if (lang != null) {
                to.queryParam("lang", lang);
            }
            return HttpResponse.temporaryRedirect(to.build());
        }
        IssuedReports.Rendered r = documents.render(incident, format, level, lang, user);
        MutableHttpResponse<byte[]> response = HttpResponse.ok(r.body()).contentType(r.mediaType());
        return r.fileName() == null ? response
                : response.header("Content-Disposition", "attachment; filename=\"" + r.fileName() + "\"");
    }
}

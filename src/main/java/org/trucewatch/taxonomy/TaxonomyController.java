package org.trucewatch.taxonomy;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@Controller("/api/v1/taxonomy")
@Secured(SecurityRule.IS_AUTHENTICATED)
@Tag(name = "Taxonomy")
class TaxonomyController {
    private final Taxonomy taxonomy;
    private final String etag;

    TaxonomyController(Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
        this.etag = "\"" + taxonomy.version() + "\"";
    }

    @Operation(summary = "The category taxonomy",
            description = "Versioned ceasefire-violation categories, time precisions and source grading, "
                    + "with labels in en, fr, es and ar. Codes are stable across versions.")
    @Get
    @Produces(MediaType.APPLICATION_JSON)
    HttpResponse<JsonNode> taxonomy(@Header(value = "If-None-Match", defaultValue = "") String ifNoneMatch) {
        if (etag.equals(ifNoneMatch)) {
            return HttpResponse.<JsonNode>notModified().header("ETag", etag);
        }
        return HttpResponse.ok(taxonomy.document()).header("ETag", etag).header("Cache-Control", "public, max-age=300");
    }
}

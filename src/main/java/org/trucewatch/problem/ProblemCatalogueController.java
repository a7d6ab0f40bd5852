package org.trucewatch.problem;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;

/** Makes each problem {@code type} URI dereferenceable, as RFC 9457 §3.1.1 recommends. */
@Controller("/problems")
@Secured(SecurityRule.IS_AUTHENTICATED)
@Tag(name = "Problems")
class ProblemCatalogueController {

    /** One catalogue entry as served. */
    record ProblemTypeView(String type, String code, String title, int status) {
        static ProblemTypeView of(ProblemType t) {
            return new ProblemTypeView(t.typeUri(), t.slug(), t.title(), t.status().getCode());
        }
    }

    @Operation(summary = "The problem catalogue: every error type the service answers with")
    @Get
    @Produces(MediaType.APPLICATION_JSON)
    List<ProblemTypeView> catalogue() {
        return Arrays.stream(ProblemType.values()).map(ProblemTypeView::of).toList();
    }

    @Operation(summary = "One problem type")
    @Get("/{code}")
    @Produces(MediaType.APPLICATION_JSON)
    ProblemTypeView type(@PathVariable String code) {
        return Arrays.stream(ProblemType.values()).filter(t -> t.slug().equals(code)).findFirst()
                .map(ProblemTypeView::of)
                .orElseThrow(() -> ProblemException.notFound("No problem type " + code));
    }
}

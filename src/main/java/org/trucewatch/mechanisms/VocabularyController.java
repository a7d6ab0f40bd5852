package org.trucewatch.mechanisms;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The mechanisms' vocabulary, for clients that show statuses, findings and positions. */
@Controller("/api/v1/vocabulary")
@Secured(SecurityRule.IS_AUTHENTICATED)
@Tag(name = "Mechanisms")
@SecurityRequirement(name = "bearer")
class VocabularyController {
    private final Vocabulary vocabulary;

    VocabularyController(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    @Operation(summary = "Incident statuses, findings, positions and the severity scale",
            description = "The codes the incident API uses, in workflow order, with the rules a client shows them by "
                    + "(open, on the agenda, records the finding) and labels in en, fr, es and ar. The service's "
                    + "own definitions: a client keeps no copy of them.")
    @Get
    VocabularyView vocabulary() {
        return vocabulary.view();
    }
}

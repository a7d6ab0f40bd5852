package org.trucewatch.access;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Who the caller is and what they may do: what a client needs to shape its screens. */
@Controller("/api/v1/me")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Access")
@SecurityRequirement(name = "bearer")
class MeController {
    private final AccessService access;

    MeController(AccessService access) {
        this.access = access;
    }

    @Operation(summary = "The signed-in user and their grants")
    @Get
    Principal me(Authentication authentication) {
        return access.principal(authentication);
    }
}

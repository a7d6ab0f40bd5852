package org.trucewatch.access;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.trucewatch.problem.ProblemException;

/** User administration: create users, grant and revoke mechanism-scoped roles. Admins only. */
@Controller("/api/v1/admin/users")
@Secured("admin")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Administration")
@SecurityRequirement(name = "bearer")
class AdminUserController {
    private final AccessService access;

    AdminUserController(AccessService access) {
        this.access = access;
    }

    @Operation(summary = "All users with their grants")
    @Get
    List<AccessService.UserView> users(Authentication authentication) {
        access.requireAdmin(access.principal(authentication));
        return access.list();
    }

    @Operation(summary = "Create a user with a password (at least 12 characters)")
    @Post
    HttpResponse<AccessService.UserView> create(Authentication authentication, @Body AccessService.CreateUserCommand command) {
        access.requireAdmin(access.principal(authentication));
        return HttpResponse.status(HttpStatus.CREATED).body(access.createUser(authentication.getName(), command));
    }

    @Operation(summary = "One user")
    @Get("/{username}")
    AccessService.UserView user(Authentication authentication, @PathVariable String username) {
        access.requireAdmin(access.principal(authentication));
        return access.view(username);
    }

    @Operation(summary = "Grant a role in a mechanism (role, mechanism, level, team, party)")
    @Post("/{username}/grants")
    AccessService.UserView grant(Authentication authentication, @PathVariable String username, @Body Grant grant) {
        access.requireAdmin(access.principal(authentication));
        return access.grant(authentication.getName(), username, grant);
    }

    @Operation(summary = "Revoke a grant")
    @Delete("/{username}/grants/{grantId}")
    AccessService.UserView revoke(Authentication authentication, @PathVariable String username, @PathVariable String grantId) {
        access.requireAdmin(access.principal(authentication));
        UUID id;
        try {
            id = UUID.fromString(grantId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No grant " + grantId);
        }
        return access.revoke(authentication.getName(), username, id);
    }
}

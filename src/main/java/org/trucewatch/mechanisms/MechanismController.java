package org.trucewatch.mechanisms;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Role;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/** Mechanisms and their protocols, their chairs' staff, and loading a protocol (admins). The agenda: queues. */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Mechanisms")
@SecurityRequirement(name = "bearer")
class MechanismController {
    private final MechanismService mechanisms;
    private final AccessService access;

    MechanismController(MechanismService mechanisms, AccessService access) {
        this.mechanisms = mechanisms;
        this.access = access;
    }

    @Operation(summary = "The mechanisms the caller belongs to (all of them for an admin), with their protocols")
    @Get("/api/v1/mechanisms")
    List<MechanismProtocol> list(Authentication auth) {
        Principal user = access.principal(auth);
        return mechanisms.all().stream().filter(m -> sees(user, m.code()))
                .sorted(Comparator.comparing(MechanismProtocol::code)).toList();
    }

    @Operation(summary = "One mechanism's current protocol")
    @Get("/api/v1/mechanisms/{code}")
    MechanismProtocol mechanism(Authentication auth, @PathVariable String code) {
        return visibleProtocol(access.principal(auth), code);
    }

    private MechanismProtocol visibleProtocol(Principal user, String code) {
        return mechanisms.visibleTo(user, code);
    }

    @Operation(summary = "The chair's staff of a mechanism (its chairs, at every level): whom an incident can be assigned to;"
            + " with ?queue=, only those whose grant covers that queue. For the mechanism's chairs and admins")
    @Get("/api/v1/mechanisms/{code}/staff")
    List<AccessService.Member> staff(Authentication auth, @PathVariable String code, @Nullable @QueryValue String queue) {
        Principal user = access.principal(auth);
        visibleProtocol(user, code); // 404 unless the caller belongs to the mechanism
        if (!user.isAdmin() && !user.mechanismsAs(Role.CHAIR).contains(code)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "The staff list is for the mechanism's chairs");
        }
        if (queue == null) {
            return access.chairsOf(code);
        }
        QueueId q = QueueId.parse(queue);
        if (!q.mechanism().equals(code)) {
            throw ProblemException.invalidParameter("queue", "is not a queue of " + code);
        }
        return access.chairsWorking(code, q.level(), q.team());
    }

    @Operation(summary = "Load a protocol file as a new version (admin)")
    @Post("/api/v1/admin/mechanisms")
    @Consumes(MediaType.APPLICATION_JSON)
    @Secured("admin")
    HttpResponse<MechanismProtocol> load(Authentication auth, @Body String protocolJson) {
        Principal user = access.principal(auth);
        access.requireAdmin(user);
        return HttpResponse.ok(mechanisms.load(protocolJson, user.username()));
    }

    private static boolean sees(Principal user, String code) {
        return user.isAdmin() || user.mechanismsAs(Role.values()).contains(code);
    }
}

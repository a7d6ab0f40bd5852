package org.trucewatch.queues;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Principal;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.review.IncidentQueries;
import org.trucewatch.review.IncidentView;

/** The meeting agenda of each level of a mechanism, as JSON and as a printable page. */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Mechanisms")
@SecurityRequirement(name = "bearer")
class AgendaController {
    private final MechanismService mechanisms;
    private final IncidentQueries queries;
    private final AccessService access;
    private final AgendaPage agendaPage;

    AgendaController(MechanismService mechanisms, IncidentQueries queries, AccessService access, AgendaPage agendaPage) {
        this.mechanisms = mechanisms;
        this.queries = queries;
        this.access = access;
        this.agendaPage = agendaPage;
    }

    @Operation(summary = "The meeting agenda of a level: incidents awaiting review there")
    @Get("/api/v1/mechanisms/{code}/agenda")
    List<IncidentView> agenda(Authentication auth, @PathVariable String code, @Nullable @QueryValue String level) {
        return queries.agenda(code, mechanisms.levelOrHighest(code, level), access.principal(auth));
    }

    @Operation(summary = "The meeting agenda as a printable page")
    @Get("/api/v1/mechanisms/{code}/agenda.html")
    @Produces(MediaType.TEXT_HTML)
    String agendaHtml(Authentication auth, @PathVariable String code, @Nullable @QueryValue String level) {
        Principal user = access.principal(auth);
        MechanismProtocol protocol = mechanisms.visibleTo(user, code);
        String lvl = mechanisms.levelOrHighest(code, level);
        return agendaPage.render(protocol, lvl, queries.agenda(code, lvl, user));
    }
}

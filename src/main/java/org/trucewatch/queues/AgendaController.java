package org.trucewatch.queues;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
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
import java.time.Clock;
import java.util.List;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Principal;
import org.trucewatch.markup.Pdf;
import org.trucewatch.mechanisms.IncidentReferences;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.review.IncidentQueries;
import org.trucewatch.review.MeetingOutcomes;

/**
 * The meeting agenda of each level of a mechanism: JSON (the meeting pack's items), a printable
 * page, the meeting pack as PDF, each item's small map, and the meeting's outcome.
 */
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
    private final MeetingPack pack;
    private final MeetingPackDocument document;
    private final MeetingOutcomes outcomes;
    private final IncidentReferences references;
    private final Clock clock;

    AgendaController(MechanismService mechanisms, IncidentQueries queries, AccessService access, AgendaPage agendaPage,
                     MeetingPack pack, MeetingPackDocument document, MeetingOutcomes outcomes,
                     IncidentReferences references, Clock clock) {
        this.mechanisms = mechanisms;
        this.queries = queries;
        this.access = access;
        this.agendaPage = agendaPage;
        this.pack = pack;
        this.document = document;
        this.outcomes = outcomes;
        this.references = references;
        this.clock = clock;
    }

    @Operation(summary = "The meeting agenda of a level: incidents awaiting review there, with reference, place, zones, "
            + "finding, each party's position, the chair's proposed action and the decisions the reader may take")
    @Get("/api/v1/mechanisms/{code}/agenda")
    List<AgendaItem> agenda(Authentication auth, @PathVariable String code, @Nullable @QueryValue String level) {
        Principal user = access.principal(auth);
        return pack.items(mechanisms.visibleTo(user, code), mechanisms.levelOrHighest(code, level), user);
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

    @Operation(summary = "The meeting pack as PDF: one page per agenda item with its small map, in a working language "
            + "(lang: en, fr, es, ar); redacted for the reader as the agenda is")
    @Get("/api/v1/mechanisms/{code}/agenda.pdf")
    @Produces("application/pdf")
    HttpResponse<byte[]> agendaPdf(Authentication auth, @PathVariable String code, @Nullable @QueryValue String level,
                                   @Nullable @QueryValue String lang) {
        String language = lang == null ? "en" : lang;
        if (!MeetingPackDocument.LANGUAGES.contains(language)) {
            throw ProblemException.invalidParameter("lang", "one of en, fr, es, ar");
        }
        Principal user = access.principal(auth);
        MechanismProtocol protocol = mechanisms.visibleTo(user, code);
        String lvl = mechanisms.levelOrHighest(code, level);
        byte[] pdf = Pdf.of(document.xhtml(protocol, lvl, pack.items(protocol, lvl, user), language, clock.instant(),
                i -> pack.map(i.id(), user)));
        return HttpResponse.ok(pdf).header("Content-Disposition", "inline; filename=\"" + code + "-" + lvl + "-" + language
                + ".pdf\"");
    }

    @Operation(summary = "An incident's small map (PNG): its geometry over the zones its first report relates to")
    @Get("/api/v1/incidents/{id}/map.png")
    @Produces("image/png")
    byte[] map(Authentication auth, @PathVariable String id) {
        return pack.map(references.idOrReference(id).orElseThrow(() -> ProblemException.notFound("No incident " + id)),
                access.principal(auth));
    }

    @Operation(summary = "Record the meeting's outcome: per agenda item the positions stated and the decision, all in "
            + "one transaction (one refused item and nothing is recorded; the problem names each item and field)")
    @Post("/api/v1/mechanisms/{code}/agenda/outcome")
    List<MeetingOutcomes.Recorded> outcome(Authentication auth, @PathVariable String code, @Nullable @QueryValue String level,
                                           @Body MeetingOutcomes.OutcomeCommand command) {
        Principal user = access.principal(auth);
        mechanisms.visibleTo(user, code);
        return outcomes.record(code, mechanisms.levelOrHighest(code, level), command, user);
    }
}

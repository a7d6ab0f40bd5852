package org.trucewatch.review;

import io.micronaut.http.HttpResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.trucewatch.audit.AuditEvent;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Principal;
import org.trucewatch.mechanisms.IncidentReferences;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/** One incident: read it, and the chair's actions on it. */
@Controller("/api/v1/incidents/{id}")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Incidents")
@SecurityRequirement(name = "bearer")
class IncidentController {
    private final IncidentQueries queries;
    private final IncidentWorkflow workflow;
    private final AccessService access;
    private final IncidentReferences references;
    private final IncidentMerges merges;
    private final IncidentNotables notables;

    IncidentController(IncidentQueries queries, IncidentWorkflow workflow, AccessService access,
                       IncidentReferences references, IncidentMerges merges, IncidentNotables notables) {
        this.merges = merges;
        this.notables = notables;
        this.queries = queries;
        this.workflow = workflow;
        this.access = access;
        this.references = references;
    }

    /** Input of the assign action. */
    record AssignCommand(String assignee) {
    }

    /** Input of escalate and comment. */
    record TextCommand(String text) {
    }

    /** Input of merge and unmerge: the other incident, by id or reference. */
    record MergeCommand(String incident) {
    }

    @Operation(summary = "An incident with its reports, positions and history; a merged incident answers 307 to the "
            + "incident it was merged into")
    @Get
    HttpResponse<IncidentView> incident(Authentication auth, @PathVariable String id) {
        Principal user = user(auth);
        UUID incident = incidentId(id);
        Optional<UUID> survivor = queries.survivorOfMerged(incident, user);
        if (survivor.isPresent()) {
            return HttpResponse.temporaryRedirect(URI.create("/api/v1/incidents/" + survivor.get()));
        }
        return HttpResponse.ok(queries.view(incident, user));
    }

    @Operation(summary = "Merge another incident of the mechanism into this one (both open, both yours to work): its "
            + "reports join this one, it is marked merged and leads here; answers this incident")
    @Post("/merge")
    IncidentView merge(Authentication auth, @PathVariable String id, @Body MergeCommand command) {
        UUID other = other(command);
        return act(auth, id, (incident, user) -> merges.merge(incident, other, user));
    }

    @Operation(summary = "Undo the merge of another incident into this one: its reports go back and it returns to its "
            + "status; 409 if a report of the merge was split off since")
    @Post("/unmerge")
    IncidentView unmerge(Authentication auth, @PathVariable String id, @Body MergeCommand command) {
        UUID other = other(command);
        return act(auth, id, (incident, user) -> merges.undo(incident, other, user));
    }

    private UUID other(MergeCommand command) {
        String named = command == null ? null : command.incident();
        if (named == null || named.isBlank()) {
            throw new ProblemException(ProblemType.INVALID_INPUT, "Name the other incident",
                    List.of(FieldError.at("/incident", "is required: an incident id or reference")));
        }
        return references.idOrReference(named).orElseThrow(() -> new ProblemException(ProblemType.INVALID_INPUT,
                "Name the other incident", List.of(FieldError.at("/incident", "is neither an incident id nor a reference"))));
    }

    @Operation(summary = "The audit log's events about the incident (chair's staff and admins; others 403)")
    @Get("/audit")
    List<AuditEvent> audit(Authentication auth, @PathVariable String id) {
        return queries.audit(incidentId(id), user(auth));
    }

    @Operation(summary = "Claim the incident (only one chair can hold it)")
    @Post("/claim")
    IncidentView claim(Authentication auth, @PathVariable String id) {
        return act(auth, id, (incident, user) -> workflow.claim(incident, user));
    }

    @Operation(summary = "Ask the chair who holds the incident to release it (a notice to them; docs/notifications.md)")
    @Post("/release-request")
    IncidentView askRelease(Authentication auth, @PathVariable String id, @Nullable @Body TextCommand command) {
        return act(auth, id, (incident, user) -> workflow.askRelease(incident, user, command == null ? null : command.text()));
    }

    @Operation(summary = "Assign the incident to a member of the chair's staff")
    @Post("/assign")
    IncidentView assign(Authentication auth, @PathVariable String id, @Body AssignCommand command) {
        return act(auth, id, (incident, user) -> workflow.assign(incident, user, command.assignee()));
    }

    @Operation(summary = "Move the incident in the workflow: {to, finding, party, summary}; an illegal move is 409")
    @Post("/transitions")
    IncidentView transition(Authentication auth, @PathVariable String id, @Body IncidentWorkflow.TransitionCommand command) {
        return act(auth, id, (incident, user) -> workflow.transition(incident, user, command));
    }

    @Operation(summary = "Escalate to the next level's queue")
    @Post("/escalate")
    IncidentView escalate(Authentication auth, @PathVariable String id, @Body TextCommand command) {
        return act(auth, id, (incident, user) -> workflow.escalate(incident, user, command.text()));
    }

    @Operation(summary = "Comment (visible to the chair's staff only)")
    @Post("/comments")
    IncidentView comment(Authentication auth, @PathVariable String id, @Body TextCommand command) {
        return act(auth, id, (incident, user) -> workflow.comment(incident, user, command.text()));
    }

    @Operation(summary = "Set the chair's proposed action for the meeting of the incident's current level "
            + "(replaces an earlier one); shown on that level's agenda and meeting pack")
    @Put("/proposed-action")
    IncidentView propose(Authentication auth, @PathVariable String id, @Body TextCommand command) {
        return act(auth, id, (incident, user) -> workflow.propose(incident, user, command.text()));
    }

    @Operation(summary = "Mark the incident notable for the periodic reports, or change the mark: {summary (1-1,000 "
            + "characters), publishable (default false: the public report does not name it)}; whoever may record its "
            + "finding. Reports read the mark as it stood at their cut-off")
    @Put("/notable")
    IncidentView markNotable(Authentication auth, @PathVariable String id,
                             @Nullable @Body IncidentNotables.MarkNotableCommand command) {
        return act(auth, id, (incident, user) -> notables.mark(incident, user, command));
    }

    @Operation(summary = "Withdraw the incident's notable mark (409 when it is not marked); reports issued before keep it")
    @Delete("/notable")
    IncidentView withdrawNotable(Authentication auth, @PathVariable String id) {
        return act(auth, id, (incident, user) -> notables.withdraw(incident, user));
    }

    @Operation(summary = "Record a party's position at the incident's current level")
    @Post("/positions")
    IncidentView position(Authentication auth, @PathVariable String id, @Body IncidentWorkflow.PositionCommand command) {
        return act(auth, id, (incident, user) -> workflow.position(incident, user, command));
    }

    @Operation(summary = "Confirm that a suggested report belongs to this incident")
    @Post("/reports/{reportId}/confirm")
    IncidentView confirm(Authentication auth, @PathVariable String id, @PathVariable String reportId) {
        return act(auth, id, (incident, user) -> workflow.confirmLink(incident, uuid(reportId), user));
    }

    @Operation(summary = "Split a report off into an incident of its own (rejects a suggested link); answers the new incident")
    @Post("/reports/{reportId}/split")
    IncidentView split(Authentication auth, @PathVariable String id, @PathVariable String reportId) {
        Principal user = user(auth);
        return queries.view(workflow.split(incidentId(id), uuid(reportId), user), user);
    }

    /** Runs a chair's action on the incident, then answers the incident as the chair now sees it. */
    private IncidentView act(Authentication auth, String id, BiConsumer<UUID, Principal> action) {
        Principal user = user(auth);
        UUID incident = incidentId(id);
        action.accept(incident, user);
        return queries.view(incident, user);
    }

    private Principal user(Authentication auth) {
        return access.principal(auth);
    }

    /** The incident an id or a reference names (IncidentReferences.incidentId). */
    private UUID incidentId(String idOrReference) {
        return references.incidentId(idOrReference);
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No incident " + id);
        }
    }
}

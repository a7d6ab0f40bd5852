package org.trucewatch.review;

import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.trucewatch.audit.AuditEvent;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Principal;
import org.trucewatch.mechanisms.IncidentReferences;
import org.trucewatch.problem.ProblemException;

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

    IncidentController(IncidentQueries queries, IncidentWorkflow workflow, AccessService access,
                       IncidentReferences references) {
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

    @Operation(summary = "An incident with its reports, positions and history")
    @Get
    IncidentView incident(Authentication auth, @PathVariable String id) {
        return queries.view(incidentId(id), user(auth));
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

    /**
     * The incident an id or a reference ("LB-2026-0142") names. Whether the reader may see it is
     * the access policy's to say, as for an id: an unseen incident is 404 either way.
     */
    private UUID incidentId(String idOrReference) {
        Optional<UUID> byReference = references.idOf(idOrReference);
        return byReference.isPresent() ? byReference.get() : uuid(idOrReference);
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No incident " + id);
        }
    }
}

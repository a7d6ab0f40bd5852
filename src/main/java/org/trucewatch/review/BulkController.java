package org.trucewatch.review;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Principal;
import org.trucewatch.mechanisms.IncidentReferences;
import org.trucewatch.mechanisms.IncidentStatus;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.Problem;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * One of the chair's actions on many incidents at once (triage the morning's twenty reports,
 * hand a batch to a colleague), confirmed once in the web app. Each incident goes through the
 * same workflow call, in its own transaction, with the same checks as the action on one
 * incident: what may be done to one is done, what may not is answered for that one with the
 * problem it would have got alone (docs/mechanisms.md, "Bulk actions").
 */
@Controller("/api/v1/incidents/bulk")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Incidents")
@SecurityRequirement(name = "bearer")
class BulkController {
    /** More than a meeting's worth; a larger batch is several requests. */
    static final int MAX_INCIDENTS = 200;

    private final IncidentWorkflow workflow;
    private final IncidentQueries queries;
    private final AccessService access;
    private final IncidentReferences references;

    BulkController(IncidentWorkflow workflow, IncidentQueries queries, AccessService access, IncidentReferences references) {
        this.workflow = workflow;
        this.queries = queries;
        this.access = access;
        this.references = references;
    }

    /** What to do to which incidents (ids or references): claim, triage, assign (assignee) or transition (to). */
    record BulkCommand(@Nullable List<String> incidents, @Nullable String action, @Nullable String assignee,
                       @Nullable String to) {
    }

    /**
     * The outcome for one incident: its view after the action, or the problem that refused it
     * (the other one absent).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BulkOutcome(String incident, int status, IncidentView view, Problem problem) {
    }

    /** Every incident's outcome, in the order asked, and how many were done. */
    record BulkAnswer(int done, int refused, List<BulkOutcome> outcomes) {
    }

    @Operation(summary = "Claim, assign or move many incidents at once: {incidents: [ids or references], action:"
            + " claim|triage|assign|transition, assignee, to}; each is done or refused on its own, as alone")
    @Post
    BulkAnswer act(Authentication auth, @Body BulkCommand command) {
        Principal user = access.principal(auth);
        List<String> asked = validate(command);
        List<BulkOutcome> outcomes = new ArrayList<>();
        int done = 0;
        for (String incident : asked) {
            try {
                UUID id = references.idOf(incident).orElseGet(() -> IncidentController.uuid(incident));
                switch (command.action()) {
                    case "claim" -> workflow.claim(id, user);
                    case "assign" -> workflow.assign(id, user, command.assignee());
                    case "triage" -> workflow.transition(id, user, new IncidentWorkflow.TransitionCommand(
                            IncidentStatus.TRIAGED.code(), null, null, null, null, null));
                    default -> workflow.transition(id, user, new IncidentWorkflow.TransitionCommand(command.to(), null,
                            null, null, null, null));
                }
                outcomes.add(new BulkOutcome(incident, 200, queries.view(id, user), null));
                done++;
            } catch (ProblemException e) {
                outcomes.add(new BulkOutcome(incident, e.type().status().getCode(), null,
                        Problem.of(e.type(), e.getMessage(), "/api/v1/incidents/" + incident, e.errors())));
            }
        }
        return new BulkAnswer(done, asked.size() - done, outcomes);
    }

    private static List<String> validate(BulkCommand command) {
        List<FieldError> errors = new ArrayList<>();
        if (command == null || command.incidents() == null || command.incidents().isEmpty()) {
            errors.add(FieldError.at("/incidents", "name at least one incident"));
        } else if (command.incidents().size() > MAX_INCIDENTS) {
            errors.add(FieldError.at("/incidents", "at most " + MAX_INCIDENTS + " incidents at once"));
        } else {
            for (int i = 0; i < command.incidents().size(); i++) {
                String id = command.incidents().get(i);
                if (id == null || id.isBlank()) {
                    errors.add(FieldError.at("/incidents/" + i, "an incident id or reference"));
                }
            }
        }
        String action = command == null ? null : command.action();
        if (action == null || !List.of("claim", "triage", "assign", "transition").contains(action)) {
            errors.add(FieldError.at("/action", "must be claim, triage, assign or transition"));
        } else if (action.equals("assign") && (command.assignee() == null || command.assignee().isBlank())) {
            errors.add(FieldError.at("/assignee", "whom to assign the incidents to"));
        } else if (action.equals("transition") && (command.to() == null || command.to().isBlank())) {
            errors.add(FieldError.at("/to", "the status to move the incidents to"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_INPUT, errors.get(0).pointer() + ": " + errors.get(0).detail(),
                    errors);
        }
        // The same incident twice would be acted on twice (a claim then refused by itself).
        return List.copyOf(new LinkedHashSet<>(command.incidents()));
    }
}

package org.trucewatch.review;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.trucewatch.access.Principal;
import org.trucewatch.mechanisms.Incident;
import org.trucewatch.mechanisms.IncidentReferences;
import org.trucewatch.mechanisms.IncidentRepository;
import org.trucewatch.mechanisms.IncidentStatus;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * What a level's meeting decided, item by item, recorded in one step (docs/mechanisms.md, "The
 * meeting pack"): the positions the parties stated, then the decision (a move the workflow allows
 * from the item's status, {@code escalate} where there is a level above, or {@code closed}: reviewed
 * and closed). Every item goes through the same workflow calls as the incident page's actions (same
 * checks, history, audit events and queue notices), all in one transaction: one refused item and
 * nothing is recorded; the problem names every refused item and field.
 */
@Singleton
public class MeetingOutcomes {
    /** A decision that reviews and then closes the item. */
    public static final String CLOSE = IncidentStatus.CLOSED.code();
    /** A decision that sends the item to the level above. */
    public static final String ESCALATE = "escalate";

    private final IncidentWorkflow workflow;
    private final IncidentRepository incidents;
    private final IncidentReferences references;
    private final IncidentQueries queries;

    MeetingOutcomes(IncidentWorkflow workflow, IncidentRepository incidents, IncidentReferences references,
                    IncidentQueries queries) {
        this.workflow = workflow;
        this.incidents = incidents;
        this.references = references;
        this.queries = queries;
    }

    /** The meeting's outcome: one entry per agenda item decided. */
    @Serdeable
    public record OutcomeCommand(@Nullable List<ItemOutcome> items) {
    }

    /**
     * One item: the incident (id or reference), the decision (none: positions only), the finding
     * with a move to finding_recorded, and the positions stated in the meeting.
     */
    @Serdeable
    public record ItemOutcome(@Nullable String incident, @Nullable String decision, @Nullable String finding,
                              @Nullable String party, @Nullable String summary,
                              @Nullable List<IncidentWorkflow.PositionCommand> positions) {
    }

    /** What became of an item. */
    @Serdeable
    public record Recorded(UUID incident, String reference, String status, String level) {
    }

    /** The decisions the agenda offers for an item, from what the reader may do to it ({@link IncidentView#actions()}). */
    public static List<String> decisions(IncidentView item) {
        List<String> out = new ArrayList<>();
        List<String> actions = item.actions() == null ? List.of() : item.actions();
        if (actions.contains("transition") && item.nextStatuses() != null) {
            out.addAll(item.nextStatuses());
            if (item.nextStatuses().contains(IncidentStatus.REVIEWED.code())) {
                out.add(CLOSE);
            }
        }
        if (actions.contains(ESCALATE)) {
            out.add(ESCALATE);
        }
        return out;
    }

    @Transactional
    public List<Recorded> record(String mechanism, String level, OutcomeCommand command, Principal user) {
        List<ItemOutcome> items = command == null || command.items() == null ? List.of() : command.items();
        if (items.isEmpty() || items.size() > 500) {
            throw new ProblemException(ProblemType.INVALID_INPUT, "An outcome lists 1 to 500 agenda items",
                    List.of(FieldError.at("/items", "1 to 500 items")));
        }
        if (!queries.scope(user).seesMechanism(mechanism)) {
            throw ProblemException.notFound("No mechanism " + mechanism);
        }
        if (!queries.scope(user).chairs(mechanism)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Only the chair's staff record a meeting's outcome");
        }
        List<FieldError> errors = new ArrayList<>();
        ProblemType first = null;
        Set<UUID> done = new HashSet<>();
        List<Recorded> out = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            String at = "/items/" + k;
            try {
                out.add(apply(mechanism, level, items.get(k), user, at, done));
            } catch (ProblemException e) {
                first = first == null ? e.type() : first;
                if (e.errors().isEmpty()) {
                    errors.add(FieldError.at(at + "/decision", e.getMessage()));
                } else {
                    e.errors().forEach(f -> errors.add(FieldError.at(f.pointer() == null ? at
                            : f.pointer().startsWith(at) ? f.pointer() : at + field(f.pointer()), f.detail())));
                }
            }
        }
        if (!errors.isEmpty()) {
            // Thrown out of the transaction: every item already applied is rolled back with it.
            throw new ProblemException(first, "Nothing was recorded: " + errors.size() + " fault(s) in the outcome of "
                    + items.size() + " item(s); correct them and send the whole outcome again", errors);
        }
        return out;
    }

    private Recorded apply(String mechanism, String level, ItemOutcome item, Principal user, String at, Set<UUID> done) {
        UUID id = incident(item.incident(), at);
        Incident i = incidents.find(id, false).filter(x -> queries.canSee(policyScope(user), x.id()))
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No incident " + item.incident(),
                        List.of(FieldError.at(at + "/incident", "no such incident"))));
        if (!done.add(id)) {
            throw new ProblemException(ProblemType.INVALID_INPUT, "An item is listed twice",
                    List.of(FieldError.at(at + "/incident", "listed twice")));
        }
        if (!i.mechanism().equals(mechanism) || !level.equals(i.level()) || !i.status().isOnAgenda()) {
            throw new ProblemException(ProblemType.ILLEGAL_TRANSITION, "Not on the agenda of " + mechanism + " " + level,
                    List.of(FieldError.at(at + "/incident", "not on the agenda of " + level + " (it is "
                            + i.status().code() + " at " + i.queueId() + ")")));
        }
        List<IncidentWorkflow.PositionCommand> positions = item.positions() == null ? List.of() : item.positions();
        for (int j = 0; j < positions.size(); j++) {
            try {
                workflow.position(id, user, positions.get(j));
            } catch (ProblemException e) {
                String p = at + "/positions/" + j;
                throw new ProblemException(e.type(), e.getMessage(), e.errors().isEmpty() ? List.of(FieldError.at(p, e.getMessage()))
                        : e.errors().stream().map(f -> FieldError.at(p + (f.pointer() == null ? "" : f.pointer()), f.detail())).toList());
            }
        }
        String decision = item.decision() == null ? "" : item.decision().strip();
        Incident after = i;
        if (decision.equals(ESCALATE)) {
            after = workflow.escalate(id, user, "Decided in the meeting of " + level);
        } else if (decision.equals(CLOSE) && i.status().canMoveTo(IncidentStatus.REVIEWED)) {
            workflow.transition(id, user, new IncidentWorkflow.TransitionCommand(IncidentStatus.REVIEWED.code(), null, null, null, null, null));
            after = workflow.transition(id, user, new IncidentWorkflow.TransitionCommand(CLOSE, null, null, null, null, null));
        } else if (!decision.isEmpty()) {
            after = workflow.transition(id, user, new IncidentWorkflow.TransitionCommand(decision, item.finding(), item.party(),
                    item.summary(), null, null));
        }
        return new Recorded(id, after.reference(), after.status().code(), after.level());
    }

    private org.trucewatch.access.AccessScope policyScope(Principal user) {
        return queries.scope(user);
    }

    /** A workflow call's field, named as a field of the item: its {@code /to} is the item's {@code /decision}. */
    private static String field(String pointer) {
        return pointer.equals("/to") ? "/decision" : pointer;
    }

    private UUID incident(String idOrReference, String at) {
        return references.idOrReference(idOrReference).orElseThrow(() -> new ProblemException(ProblemType.INVALID_INPUT,
                "Each item names its incident", List.of(FieldError.at(at + "/incident", "an incident id or reference"))));
    }
}

package org.trucewatch.review;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.trucewatch.access.Principal;
import org.trucewatch.audit.AuditLog;
import org.trucewatch.audit.AuditRecord;
import org.trucewatch.mechanisms.Incident;
import org.trucewatch.mechanisms.IncidentEventRepository;
import org.trucewatch.mechanisms.IncidentMergeRepository;
import org.trucewatch.mechanisms.IncidentMergeRepository.Merge;
import org.trucewatch.mechanisms.IncidentStatus;
import org.trucewatch.mechanisms.QueueNotifier;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * A chair merges two incidents the system did not link, and undoes a merge (docs/mechanisms.md,
 * "Merging incidents"). The absorbed incident's reports move to the survivor (its figures are
 * the largest any report gives, so nothing is counted twice), the absorbed incident becomes
 * {@code merged}: out of every queue, list and count, its id and reference leading to the
 * survivor, whose page shows its history and the parties' positions beside its own. Both
 * incidents are locked in one order (by id), so two merges of the same pair cannot deadlock;
 * each step writes both histories, the audit chain and the queue notices in one transaction.
 */
@Singleton
public class IncidentMerges {
    private final IncidentWorkflow workflow;
    private final IncidentMergeRepository merges;
    private final IncidentEventRepository events;
    private final QueueNotifier notifier;
    private final AuditLog audit;
    private final Clock clock;
    private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();

    IncidentMerges(IncidentWorkflow workflow, IncidentMergeRepository merges, IncidentEventRepository events,
                   QueueNotifier notifier, AuditLog audit, Clock clock) {
        this.workflow = workflow;
        this.merges = merges;
        this.events = events;
        this.notifier = notifier;
        this.audit = audit;
        this.clock = clock;
    }

    /** Merges {@code absorbedId} into {@code survivorId}; both open, of one mechanism, and both the chair's to work. */
    @Transactional
    public Merge merge(UUID survivorId, UUID absorbedId, Principal user) {
        workflow.chairsIncident(survivorId, user, false);   // who may act on the addressed incident, before anything else
        if (survivorId.equals(absorbedId)) {
            throw new ProblemException(ProblemType.CONFLICT, "An incident cannot be merged into itself");
        }
        Incident[] locked = lockBoth(survivorId, absorbedId, user);
        Incident survivor = locked[0];
        Incident absorbed = locked[1];
        for (Incident i : locked) {
            if (!i.status().isOpen()) {
                throw new ProblemException(ProblemType.ILLEGAL_TRANSITION, "Incident " + name(i) + " is "
                        + i.status().code() + ": only open incidents are merged");
            }
        }
        if (!survivor.mechanism().equals(absorbed.mechanism())) {
            throw new ProblemException(ProblemType.CONFLICT, "Incidents " + name(survivor) + " and " + name(absorbed)
                    + " belong to different mechanisms");
        }
        Instant now = now();
        Merge merge = merges.merge(ids.generate(), survivor, absorbed, user.username(), now);
        events.append(absorbed.id(), now, user.username(), "transition", absorbed.status().code(),
                IncidentStatus.MERGED.code(), null, null, "merged into incident " + name(survivor));
        events.append(survivor.id(), now, user.username(), "merge", null, null, null, null,
                "incident " + name(absorbed) + " merged into this one (" + merge.links().size() + " reports)");
        audit.append(AuditRecord.of(user.username(), "incident.merge", "incident", survivor.id().toString())
                .withDetails("{\"merge\":\"" + merge.id() + "\",\"absorbed\":\"" + absorbed.id() + "\",\"reports\":"
                        + merge.links().size() + "}"));
        notifier.changed(absorbed.queueId(), absorbed.id());
        notifier.changed(survivor.queueId(), survivor.id());
        return merge;
    }

    /** Undoes the merge of {@code absorbedId} into {@code survivorId}: 409 if it is not in force or a moved report has left. */
    @Transactional
    public void undo(UUID survivorId, UUID absorbedId, Principal user) {
        workflow.chairsIncident(survivorId, user, false);
        if (survivorId.equals(absorbedId)) {
            throw new ProblemException(ProblemType.CONFLICT, "An incident is never merged into itself");
        }
        Incident[] locked = lockBoth(survivorId, absorbedId, user);
        Incident survivor = locked[0];
        Incident absorbed = locked[1];
        Merge merge = merges.inForce(absorbedId).filter(m -> m.survivor().equals(survivorId))
                .orElseThrow(() -> new ProblemException(ProblemType.CONFLICT, "Incident " + name(absorbed)
                        + " is not merged into " + name(survivor)));
        List<UUID> away = merges.movedAway(merge);
        if (!away.isEmpty()) {
            throw new ProblemException(ProblemType.CONFLICT, "Report " + away.get(0) + " of the merge has been split off "
                    + name(survivor) + " since: split or link it back first");
        }
        Instant now = now();
        merges.undo(merge, user.username(), now);
        events.append(absorbed.id(), now, user.username(), "transition", IncidentStatus.MERGED.code(),
                merge.absorbedStatus().code(), null, null, "merge into incident " + name(survivor) + " undone");
        events.append(survivor.id(), now, user.username(), "unmerge", null, null, null, null,
                "merge of incident " + name(absorbed) + " undone (" + merge.links().size() + " reports back)");
        audit.append(AuditRecord.of(user.username(), "incident.unmerge", "incident", survivor.id().toString())
                .withDetails("{\"merge\":\"" + merge.id() + "\",\"absorbed\":\"" + absorbed.id() + "\"}"));
        notifier.changed(absorbed.queueId(), absorbed.id());
        notifier.changed(survivor.queueId(), survivor.id());
    }

    /** Both incidents, locked smaller id first, each checked as the chair's to work; [survivor, absorbed]. */
    private Incident[] lockBoth(UUID survivorId, UUID absorbedId, Principal user) {
        boolean survivorFirst = survivorId.compareTo(absorbedId) < 0;
        Incident first = workflow.chairsIncident(survivorFirst ? survivorId : absorbedId, user, true);
        Incident second = workflow.chairsIncident(survivorFirst ? absorbedId : survivorId, user, true);
        return survivorFirst ? new Incident[] {first, second} : new Incident[] {second, first};
    }

    private static String name(Incident i) {
        return i.reference() != null ? i.reference() : i.id().toString();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

package org.trucewatch.review;

import org.trucewatch.mechanisms.Incident;
import org.trucewatch.mechanisms.IncidentEventRepository;
import org.trucewatch.mechanisms.IncidentRecordRepository;
import org.trucewatch.mechanisms.IncidentMergeRepository;
import org.trucewatch.mechanisms.IncidentRepository;
import org.trucewatch.mechanisms.IncidentStatus;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.mechanisms.QueueId;
import org.trucewatch.mechanisms.QueueSelection;
import org.trucewatch.mechanisms.QueueView;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.AccessScope;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Redactor;
import org.trucewatch.access.Role;
import org.trucewatch.access.Seen;
import org.trucewatch.access.Shape;
import org.trucewatch.access.Visibility;
import org.trucewatch.audit.AuditEvent;
import org.trucewatch.audit.AuditLog;
import org.trucewatch.geo.GeoJsonWriter;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.zones.GeofenceService;
import org.trucewatch.zones.ZoneRelationView;

/**
 * Reading incidents, their queues and the meeting agenda through the access policy: the
 * rows come from the scope's SQL (so pages, counts and agendas are filtered before any
 * LIMIT), each view is built whole and redacted by the {@link Redactor}.
 */
@Singleton
public class IncidentQueries {
    private final IncidentRepository incidents;
    private final IncidentRecordRepository records;
    private final IncidentEventRepository events;
    private final PartyPositionRepository positions;
    private final AccessPolicy policy;
    private final Redactor redactor;
    private final Clock clock;
    private final AuditLog auditLog;
    private final MechanismService mechanisms;
    private final IncidentMergeRepository merges;
    private final GeofenceService geofence;
    private final ProposedActionRepository proposals;
    private final NotableMarkRepository notables;

    IncidentQueries(IncidentRepository incidents, IncidentRecordRepository records, IncidentEventRepository events,
                    PartyPositionRepository positions, AccessPolicy policy, Redactor redactor, Clock clock,
                    AuditLog auditLog, MechanismService mechanisms, IncidentMergeRepository merges,
                    GeofenceService geofence, ProposedActionRepository proposals, NotableMarkRepository notables) {
        this.notables = notables;
        this.geofence = geofence;
        this.proposals = proposals;
        this.mechanisms = mechanisms;
        this.merges = merges;
        this.events = events;
        this.positions = positions;
        this.incidents = incidents;
        this.records = records;
        this.policy = policy;
        this.redactor = redactor;
        this.clock = clock;
        this.auditLog = auditLog;
    }

    /** The reader's scope under the access policy. */
    AccessScope scope(Principal user) {
        return policy.scope(user);
    }

    /** Whether the incident exists for this reader (in full or redacted). */
    public boolean canSee(AccessScope scope, UUID id) {
        return policy.incidentVisibility(scope, id) != Visibility.NONE;
    }

    @Transactional(readOnly = true)
    public IncidentView view(UUID id, Principal user) {
        AccessScope scope = policy.scope(user);
        return view(visible(id, scope), scope, user, true);
    }

    /** The incident, if the scope sees it at all; 404 alike for missing and invisible. */
    private Seen<Incident> visible(UUID id, AccessScope scope) {
        return incidents.find(id, scope.incidents("incident"))
                .orElseThrow(() -> ProblemException.notFound("No incident " + id));
    }

    /** The audit log's events about one incident: they name every actor, so only for those who see it in full. */
    @Transactional(readOnly = true)
    public List<AuditEvent> audit(UUID id, Principal user) {
        redactor.requireWhole(Shape.INCIDENT_AUDIT, visible(id, policy.scope(user)).visibility());
        return auditLog.history("incident", id.toString());
    }

    /** The queues the user works or watches, with counts of what they may see; empty queues included. */
    @Transactional(readOnly = true)
    public List<QueueView> queues(Principal user, MechanismService mechanisms) {
        AccessScope scope = policy.scope(user);
        List<String> visible = List.copyOf(user.mechanismsAs(Role.CHAIR, Role.PARTY_DELEGATE, Role.GIS_ANALYST));
        List<QueueView> counted = visible.isEmpty() ? List.of()
                : incidents.queueCounts(visible, clock.instant(), scope.incidents("incident"));
        List<QueueView> out = new ArrayList<>();
        for (String code : visible) {
            mechanisms.protocol(code).ifPresent(p -> {
                List<QueueId> ids = new ArrayList<>();
                ids.add(new QueueId(code, null, null));
                for (MechanismProtocol.Level level : p.levels()) {
                    ids.add(new QueueId(code, level.code(), null));
                    level.teams().forEach(t -> ids.add(new QueueId(code, level.code(), t.code())));
                }
                for (QueueId q : ids) {
                    if (scope.watchesQueue(q.mechanism(), q.level(), q.team())) {
                        String id = q.toString();
                        out.add(counted.stream().filter(c -> c.id().equals(id)).findFirst()
                                .orElse(new QueueView(id, code, q.level(), q.team(), 0, 0)));
                    }
                }
            });
        }
        out.sort(Comparator.comparing(QueueView::id));
        return out;
    }

    /** Whether the user may watch the queue (list its items, subscribe to it); 404 otherwise. */
    public void requireWatch(String queueId, Principal user) {
        QueueId q = QueueId.parse(queueId);
        if (!policy.scope(user).watchesQueue(q.mechanism(), q.level(), q.team())) {
            throw ProblemException.notFound("No queue " + queueId);
        }
    }

    @Transactional(readOnly = true)
    public QueuePage queueItems(String queueId, Principal user, QueueSelection selection) {
        requireWatch(queueId, user);
        AccessScope scope = policy.scope(user);
        List<Seen<Incident>> read = incidents.queuePage(QueueId.parse(queueId), selection, scope.incidents("incident"),
                scope.reports("r"));
        List<Seen<Incident>> page = read.subList(0, Math.min(read.size(), selection.limit()));
        QueueSelection.Key next = read.size() > selection.limit()
                ? QueueSelection.Key.of(selection.order(), page.get(page.size() - 1).value()) : null;
        return new QueuePage(views(page, scope, user, false), next);
    }

    /** One page of a queue's items, and the key of its last item when more follow. */
    public record QueuePage(List<IncidentView> items, QueueSelection.Key next) {
    }

    /** The incidents awaiting review at one level of a mechanism that the user may see: its meeting agenda. */
    @Transactional(readOnly = true)
    public List<IncidentView> agenda(String mechanism, String level, Principal user) {
        AccessScope scope = policy.scope(user);
        if (!scope.seesMechanism(mechanism)) {
            throw ProblemException.notFound("No mechanism " + mechanism);
        }
        return views(incidents.agenda(mechanism, level, scope.incidents("incident")), scope, user, true);
    }

    /** The chair's proposed action on an incident for the meeting of one level. */
    public record Proposal(String text, String recordedBy, Instant recordedAt) {
    }

    /**
     * The proposed actions on these incidents at each one's level (the agenda's items), by incident.
     * Only for incidents the caller has already read through the access policy.
     */
    @Transactional(readOnly = true)
    public Map<UUID, Proposal> proposals(Map<UUID, String> levels) {
        Map<UUID, Proposal> out = new java.util.HashMap<>();
        for (ProposedActionRow row : proposals.of(levels.keySet())) {
            if (row.id().levelCode().equals(levels.get(row.id().incidentId()))) {
                out.put(row.id().incidentId(), new Proposal(row.text(), row.recordedBy(), row.recordedAt()));
            }
        }
        return out;
    }

    /** What this reader may do to the incident now; the workflow checks the same rules when they do it. */
    List<String> actions(Incident i, AccessScope scope, Principal user) {
        List<String> out = new ArrayList<>();
        if (scope.mayWork(i.mechanism(), i.level(), i.team())) {
            boolean open = i.status().isOpen();
            if (open && i.claimedBy() == null) {
                out.add("claim");
            } else if (open && !i.claimedBy().equals(user.username())) {
                out.add("askRelease");
            }
            out.add("assign");
            if (!i.status().next().isEmpty()) {
                out.add("transition");
            }
            // Not where there is no level above (a national incident is not escalated "national → national").
            if (i.status().canEscalate() && mechanisms.protocol(i.mechanism())
                    .map(p -> IncidentWorkflow.escalationTarget(i, p).isPresent()).orElse(false)) {
                out.add("escalate");
            }
            out.addAll(List.of("comment", "position", "link"));
            if (i.status() != IncidentStatus.MERGED) {
                out.add("notable");   // mark, change or withdraw the mark for the periodic reports
            }
            if (open) {
                out.add("merge");   // another open incident into this one; undoing a merge is "merge" too
            }
        } else if (IncidentWorkflow.delegatesParty(user, i.mechanism()) != null) {
            out.add("position");
        }
        return out;
    }

    /** The views of many incidents, their linked reports and those reports' zones each read in one query. */
    private List<IncidentView> views(List<Seen<Incident>> seen, AccessScope scope, Principal user, boolean detail) {
        Map<UUID, List<IncidentRecordRepository.LinkedReport>> linked = records.reportsOf(
                seen.stream().map(s -> s.value().id()).toList(), scope.reports("r"));
        Map<UUID, List<ZoneRelationView>> zones = geofence.relationsOf(linked.values().stream().flatMap(List::stream)
                .map(IncidentRecordRepository.LinkedReport::reportId).toList());
        Map<UUID, NotableMarkRow> marks = new java.util.HashMap<>();
        if (detail) {
            notables.latest(seen.stream().map(s -> s.value().id()).toList()).stream().filter(NotableMarkRow::marks)
                    .forEach(m -> marks.put(m.incidentId(), m));
        }
        return seen.stream().map(s -> view(s, linked.getOrDefault(s.value().id(), List.of()), zones,
                notable(s, marks.get(s.value().id())), scope, user, detail)).toList();
    }

    private IncidentView view(Seen<Incident> seen, AccessScope scope, Principal user, boolean detail) {
        return views(List.of(seen), scope, user, detail).get(0);
    }

    /**
     * The chair's notable mark as this reader may read it: its summary only where the access policy
     * lets them; who marked it is taken out of a redacted view by the Redactor (STAFF_IDENTITY).
     */
    private IncidentView.NotableView notable(Seen<Incident> seen, NotableMarkRow mark) {
        if (mark == null) {
            return null;
        }
        boolean readable = policy.readsNotableSummary(seen.visibility(), seen.value().category(), mark.publishable());
        return new IncidentView.NotableView(readable ? mark.summary() : null, mark.publishable(), mark.markedBy(),
                mark.markedAt());
    }

    private IncidentView view(Seen<Incident> seen, List<IncidentRecordRepository.LinkedReport> linked,
                              Map<UUID, List<ZoneRelationView>> zones, IncidentView.NotableView notable, AccessScope scope,
                              Principal user, boolean detail) {
        Incident i = seen.value();
        Instant now = clock.instant();
        IncidentView whole = new IncidentView(i.id(), i.reference(), i.mechanism(), i.queueId(), i.level(), i.team(), i.status().code(),
                i.status().next().stream().map(IncidentStatus::code).sorted().toList(), i.category(), i.severity(),
                i.violations(), i.deadline(), i.isOverdue(now), geometry(i), IncidentPlaces.place(linked, zones),
                IncidentPlaces.zones(linked, zones), IncidentPlaces.snippet(linked), i.observedAt(), i.observedUntil(),
                i.claimedBy(), i.assignedTo(),
                i.finding() == null ? null : new IncidentView.FindingView(i.finding(), i.findingParty(), i.findingSummary(),
                        i.findingAnalysis(), i.findingRecommendation()),
                notable, aggregate(linked),
                linked.stream().map(r -> new IncidentView.ReportLink(r.reportId(), r.link(), r.category(), r.observedAt(),
                        r.count(), r.submittedBy())).toList(),
                detail ? positions.positions(i.id()) : null, detail ? events.history(i.id()) : null,
                detail ? merged(i.id()) : null, i.protocolVersion(), i.createdAt(), seen.visibility().name(), actions(i, scope, user));
        return redactor.redactView(Shape.INCIDENT, seen.visibility(), whole, IncidentView.class);
    }

    private List<IncidentView.Merged> merged(UUID id) {
        return merges.into(id).stream().map(m -> new IncidentView.Merged(m.absorbed(), m.absorbedReference(), m.mergedAt()))
                .toList();
    }

    /**
     * The incident a merged one now lives in, when the reader sees {@code id} at all and it was
     * merged: where its id and reference lead. Empty when it is not merged (or not seen: the
     * caller's own lookup then answers 404 as for any unseen incident).
     */
    @Transactional(readOnly = true)
    public Optional<UUID> survivorOfMerged(UUID id, Principal user) {
        AccessScope scope = policy.scope(user);
        return incidents.find(id, scope.incidents("incident"))
                .filter(seen -> seen.value().status() == IncidentStatus.MERGED)
                .map(seen -> merges.survivorOf(id));
    }

    private JsonNode geometry(Incident i) {
        return GeoJsonWriter.geometry(i.geometry());
    }

    /** One event seen by several monitors is counted once: the largest figure any report gives. */
    static IncidentView.Aggregate aggregate(List<IncidentRecordRepository.LinkedReport> reports) {
        return new IncidentView.Aggregate(reports.size(),
                max(reports.stream().map(IncidentRecordRepository.LinkedReport::count).toList()),
                max(reports.stream().map(IncidentRecordRepository.LinkedReport::civiliansKilled).toList()),
                max(reports.stream().map(IncidentRecordRepository.LinkedReport::civiliansInjured).toList()),
                max(reports.stream().map(IncidentRecordRepository.LinkedReport::combatantsKilled).toList()),
                max(reports.stream().map(IncidentRecordRepository.LinkedReport::combatantsInjured).toList()));
    }

    private static Integer max(List<Integer> values) {
        return values.stream().filter(Objects::nonNull).max(Integer::compare).orElse(null);
    }
}

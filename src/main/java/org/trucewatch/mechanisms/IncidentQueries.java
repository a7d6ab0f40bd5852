package org.trucewatch.mechanisms;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.Grant;
import org.trucewatch.access.Principal;
import org.trucewatch.access.ReportScope;
import org.trucewatch.access.Role;
import org.trucewatch.access.Visibility;
import org.trucewatch.geo.GeoJsonGeometryWriter;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;
import org.trucewatch.audit.AuditEvent;
import org.trucewatch.audit.AuditLog;

/**
 * Reading incidents, their queues and the meeting agenda, through the access policy: the
 * chair's staff see everything of their mechanism, party delegates and GIS staff a
 * redacted view and never a sensitive category, everyone else nothing.
 */
@Singleton
public class IncidentQueries {
    private final IncidentRepository incidents;
    private final IncidentRecordRepository records;
    private final AccessPolicy policy;
    private final Clock clock;
    private final AuditLog auditLog;

    IncidentQueries(IncidentRepository incidents, IncidentRecordRepository records, AccessPolicy policy, Clock clock,
                    AuditLog auditLog) {
        this.auditLog = auditLog;
        this.incidents = incidents;
        this.records = records;
        this.policy = policy;
        this.clock = clock;
    }

    boolean canSee(Principal user, Incident i) {
        return visibility(policy.reportScope(user), i) != Visibility.NONE;
    }

    @Transactional(readOnly = true)
    public IncidentView view(UUID id, Principal user) {
        ReportScope scope = policy.reportScope(user);
        Incident i = visibleIncident(id, scope);
        return view(i, visibility(scope, i), true);
    }

    /** The incident, if the scope sees it at all; 404 alike for missing and invisible. */
    private Incident visibleIncident(UUID id, ReportScope scope) {
        return incidents.find(id, false).filter(x -> visibility(scope, x) != Visibility.NONE)
                .orElseThrow(() -> ProblemException.notFound("No incident " + id));
    }

    /**
     * The audit log's events about one incident, for those who see it unredacted (the
     * chair's staff, admins): they name the actors, which party delegates must not learn.
     */
    @Transactional(readOnly = true)
    public List<AuditEvent> audit(UUID id, Principal user) {
        ReportScope scope = policy.reportScope(user);
        Incident i = visibleIncident(id, scope);
        if (visibility(scope, i) != Visibility.FULL) {
            throw new ProblemException(ProblemType.FORBIDDEN, "The audit history of an incident is for the chair's staff");
        }
        return auditLog.history("incident", id.toString());
    }

    /** The queues the user works or watches, with open and overdue counts; empty queues of their teams included. */
    @Transactional(readOnly = true)
    public List<QueueView> queues(Principal user, MechanismService mechanisms) {
        Set<String> visible = new HashSet<>(user.mechanismsAs(Role.CHAIR, Role.PARTY_DELEGATE, Role.GIS_ANALYST));
        List<QueueView> counted = visible.isEmpty() ? List.of() : incidents.queueCounts(visible, clock.instant());
        List<QueueView> out = new ArrayList<>();
        for (String code : visible) {
            mechanisms.protocol(code).ifPresent(p -> {
                List<String> ids = new ArrayList<>();
                ids.add(QueueId.of(code, null, null));
                for (MechanismProtocol.Level level : p.levels()) {
                    ids.add(QueueId.of(code, level.code(), null));
                    level.teams().forEach(t -> ids.add(QueueId.of(code, level.code(), t.code())));
                }
                for (String id : ids) {
                    QueueId q = QueueId.parse(id);
                    if (!chairSees(user, q) && !user.mechanismsAs(Role.PARTY_DELEGATE, Role.GIS_ANALYST).contains(code)) {
                        continue;
                    }
                    out.add(counted.stream().filter(c -> c.id().equals(id)).findFirst()
                            .orElse(new QueueView(id, code, q.level(), q.team(), 0, 0)));
                }
            });
        }
        out.sort(Comparator.comparing(QueueView::id));
        return out;
    }

    @Transactional(readOnly = true)
    public List<IncidentView> queueItems(String queueId, Principal user, int limit) {
        QueueId q = QueueId.parse(queueId);
        ReportScope scope = policy.reportScope(user);
        if (!chairSees(user, q) && !scope.redactedMechanisms().contains(q.mechanism())) {
            throw ProblemException.notFound("No queue " + queueId);
        }
        return incidents.queue(q, limit).stream().filter(i -> visibility(scope, i) != Visibility.NONE)
                .map(i -> view(i, visibility(scope, i), false)).toList();
    }

    /** The incidents awaiting review at one level of a mechanism: its meeting agenda. */
    @Transactional(readOnly = true)
    public List<IncidentView> agenda(String mechanism, String level, Principal user) {
        ReportScope scope = policy.reportScope(user);
        if (!scope.fullMechanisms().contains(mechanism) && !scope.redactedMechanisms().contains(mechanism)) {
            throw ProblemException.notFound("No mechanism " + mechanism);
        }
        return incidents.agenda(mechanism, level).stream().filter(i -> visibility(scope, i) != Visibility.NONE)
                .map(i -> view(i, visibility(scope, i), true)).toList();
    }

    /** A chair with a level (and team) sees that level's queues (or that team's) and the triage queue. */
    private static boolean chairSees(Principal user, QueueId q) {
        for (Grant g : user.grants()) {
            if (!Role.CHAIR.code().equals(g.role()) || !q.mechanism().equals(g.mechanism())) {
                continue;
            }
            if (g.level() == null || q.level() == null
                    || g.level().equals(q.level()) && (g.team() == null || Objects.equals(g.team(), q.team()))) {
                return true;
            }
        }
        return false;
    }

    private static Visibility visibility(ReportScope scope, Incident i) {
        return scope.visibility(i.mechanism(), i.category(), null);
    }

    private IncidentView view(Incident i, Visibility visibility, boolean detail) {
        boolean full = visibility == Visibility.FULL;
        List<IncidentRecordRepository.LinkedReport> linked = records.reports(i.id());
        Instant now = clock.instant();
        return new IncidentView(i.id(), i.mechanism(), i.queueId(), i.level(), i.team(), i.status().code(),
                i.status().next().stream().map(IncidentStatus::code).sorted().toList(), i.category(), i.severity(),
                i.violations(), i.deadline(), i.isOverdue(now), GeoJsonGeometryWriter.write(i.geometry()),
                i.observedAt(), i.observedUntil(), full ? i.claimedBy() : null, full ? i.assignedTo() : null,
                i.finding() == null ? null : new IncidentView.FindingView(i.finding(), i.findingParty(), i.findingSummary()),
                aggregate(linked),
                linked.stream().map(r -> new IncidentView.ReportLink(r.reportId(), r.link(), r.category(), r.observedAt(),
                        r.count(), full ? r.submittedBy() : null)).toList(),
                detail ? records.positions(i.id()).stream().map(p -> full ? p : new IncidentRecordRepository.Position(
                        p.level(), p.party(), p.position(), p.statement(), null, p.recordedAt())).toList() : null,
                detail ? records.events(i.id()).stream().filter(e -> full || !"comment".equals(e.kind()))
                        .map(e -> full ? e : new IncidentRecordRepository.Event(e.seq(), e.at(), null, e.kind(),
                                e.fromStatus(), e.toStatus(), e.fromLevel(), e.toLevel(), null)).toList() : null,
                i.protocolVersion(), i.createdAt());
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

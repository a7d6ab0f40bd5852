package org.trucewatch.mechanisms;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trucewatch.audit.AuditLog;
import org.trucewatch.audit.AuditRecord;
import org.trucewatch.geo.Ewkb;
import org.trucewatch.intake.Report;

/**
 * Turns reports into incidents: a new report either joins an open incident of the same
 * event (suggested, for the chair to confirm or split off) or opens a new one, routed to
 * its queue. Runs inside the intake's transaction, so a report is never stored without its
 * incident, nor an incident without its report.
 */
@Singleton
public class IncidentService {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentService.class);

    private final MechanismService mechanisms;
    private final IncidentRepository incidents;
    private final IncidentRecordRepository records;
    private final IncidentEventRepository events;
    private final QueueNotifier notifier;
    private final AuditLog audit;
    private final Clock clock;
    private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();

    IncidentService(MechanismService mechanisms, IncidentRepository incidents, IncidentRecordRepository records,
                    IncidentEventRepository events, QueueNotifier notifier, AuditLog audit, Clock clock) {
        this.events = events;
        this.mechanisms = mechanisms;
        this.incidents = incidents;
        this.records = records;
        this.notifier = notifier;
        this.audit = audit;
        this.clock = clock;
    }

    /** Links the report to the incident of its event, or opens and routes a new incident. */
    @Transactional
    public UUID onReport(Report report, List<ZoneHit> hits) {
        Optional<MechanismProtocol> protocol = mechanisms.protocol(report.content().mechanism());
        if (protocol.isEmpty()) {
            LOG.warn("report {} names mechanism {} which has no protocol loaded: no incident opened", report.id(),
                    report.content().mechanism());
            return null;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Optional<UUID> same = sameEvent(protocol.get(), report);
        if (same.isPresent()) {
            records.link(report.id(), same.get(), "suggested", "system", now);
            events.append(same.get(), now, "system", "link", null, null, null, null, "suggested report " + report.id());
            audit.append(AuditRecord.of("system", "incident.link", "incident", same.get().toString())
                    .withDetails("{\"report\":\"" + report.id() + "\",\"link\":\"suggested\"}"));
            incidents.find(same.get(), false).ifPresent(i -> notifier.changed(i.queueId(), i.id()));
            return same.get();
        }
        return open(protocol.get(), report, hits, now, "system");
    }

    /**
     * Notes a report's correction in its incident's history and tells its queue. The report
     * stays linked once: counts and casualties are read from its current revision.
     */
    @Transactional
    public void onRevision(Report report) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        java.util.Optional.ofNullable(records.incidentOf(report.id())).flatMap(id -> incidents.find(id, false)).ifPresent(incident -> {
            events.append(incident.id(), now, "system", "link", null, null, null, null,
                    "report " + report.id() + " corrected: revision " + report.revision());
            notifier.changed(incident.queueId(), incident.id());
        });
    }

    /** Opens a new incident for the report, routed by the protocol. */
    public UUID open(MechanismProtocol protocol, Report report, List<ZoneHit> hits, Instant now, String actor) {
        var c = report.content();
        Routing routing = IncidentRouter.route(protocol, c.category(), c.allegedParties(), hits, now);
        Incident incident = new Incident(ids.generate(), protocol.code(), routing.level(), routing.team(),
                IncidentStatus.RECEIVED, c.category(), routing.severity(), routing.violations(), routing.deadline(),
                c.geometry(), routing.areas(), c.observedAt().toInstant(),
                c.observedUntil() == null ? null : c.observedUntil().toInstant(), null, null, null, null, null, null, null,
                protocol.version(), now, now, null);
        incidents.insert(incident);
        records.link(report.id(), incident.id(), "origin", actor, now);
        events.append(incident.id(), now, actor, "created", null, IncidentStatus.RECEIVED.code(), null, routing.level(),
                routing.isTriage() ? "outside every area of responsibility: chair's triage queue" : null);
        audit.append(AuditRecord.of(actor, "incident.create", "incident", incident.id().toString())
                .withDetails("{\"queue\":\"" + incident.queueId() + "\",\"report\":\"" + report.id() + "\"}"));
        notifier.changed(incident.queueId(), incident.id());
        return incident.id();
    }

    private Optional<UUID> sameEvent(MechanismProtocol protocol, Report report) {
        var c = report.content();
        MechanismProtocol.DuplicateRule rule = protocol.duplicates();
        Set<String> compatible = rule.compatible().stream().filter(g -> g.contains(c.category())).findFirst()
                .map(Set::copyOf).orElse(Set.of(c.category()));
        Instant at = c.observedAt().toInstant();
        Duration window = Duration.ofMinutes(rule.windowMinutes());
        List<DuplicateMatcher.Candidate> candidates = incidents.duplicateCandidates(protocol.code(), compatible,
                Ewkb.write(c.geometry()), at.minus(window), at.plus(window), rule.radiusM(), at);
        var point = c.geometry().getInteriorPoint();
        DuplicateMatcher.SightLine sight = new DuplicateMatcher.SightLine(
                c.observerLocation() == null ? null : new double[] {c.observerLocation().getX(), c.observerLocation().getY()},
                c.bearingDeg(), new double[] {point.getX(), point.getY()});
        return DuplicateMatcher.pick(sight, candidates, rule.radiusM()).map(DuplicateMatcher.Candidate::incidentId);
    }
}

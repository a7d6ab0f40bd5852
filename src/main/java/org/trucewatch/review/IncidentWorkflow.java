package org.trucewatch.review;

import org.trucewatch.mechanisms.Finding;
import org.trucewatch.mechanisms.IncidentRouter;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.PartyPosition;
import org.trucewatch.mechanisms.QueueId;
import org.trucewatch.mechanisms.ReportToIncident;
import org.trucewatch.mechanisms.Incident;
import org.trucewatch.mechanisms.IncidentStatus;
import org.trucewatch.mechanisms.IncidentEventRepository;
import org.trucewatch.mechanisms.IncidentRecordRepository;
import org.trucewatch.mechanisms.IncidentRepository;
import org.trucewatch.mechanisms.IncidentService;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.mechanisms.QueueNotifier;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.AccessScope;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Grant;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Role;
import org.trucewatch.audit.AuditLog;
import org.trucewatch.audit.AuditRecord;
import org.trucewatch.intake.Report;
import org.trucewatch.intake.ReportService;
import org.trucewatch.zones.GeofenceService;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * What the chair's staff do to an incident: claim, assign, move it through the workflow,
 * record the finding, escalate, comment, record the parties' positions, confirm or split
 * off linked reports. Each action locks the incident row, checks the move, writes the
 * history, appends to the audit chain and announces the queue change, in one transaction.
 */
@Singleton
public class IncidentWorkflow {
    private final IncidentRepository incidents;
    private final IncidentRecordRepository records;
    private final IncidentEventRepository events;
    private final PartyPositionRepository positions;
    private final MechanismService mechanisms;
    private final QueueNotifier notifier;
    private final AuditLog audit;
    private final Clock clock;
    private final IncidentQueries queries;
    private final IncidentService incidentService;
    private final ReportService reports;
    private final GeofenceService geofence;
    private final AccessService access;
    private final AccessPolicy policy;
    private final ProposedActionRepository proposals;

    IncidentWorkflow(IncidentRepository incidents, IncidentRecordRepository records, IncidentEventRepository events,
                     PartyPositionRepository positions, MechanismService mechanisms, QueueNotifier notifier,
                     AuditLog audit, Clock clock, IncidentQueries queries, IncidentService incidentService,
                     ReportService reports, GeofenceService geofence, AccessService access, AccessPolicy policy,
                     ProposedActionRepository proposals) {
        this.proposals = proposals;
        this.access = access;
        this.policy = policy;
        this.incidentService = incidentService;
        this.reports = reports;
        this.geofence = geofence;
        this.queries = queries;
        this.incidents = incidents;
        this.records = records;
        this.events = events;
        this.positions = positions;
        this.mechanisms = mechanisms;
        this.notifier = notifier;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Input of a workflow move; {@code finding}, {@code party}, {@code summary} and, optionally, the
     * chair's {@code analysis} and {@code recommendation} (the incident report document's) go with
     * finding_recorded.
     */
    public record TransitionCommand(String to, String finding, String party, String summary, String analysis,
                                    String recommendation) {
    }

    /** The longest analysis or recommendation kept (the column's CHECK, V105). */
    static final int FINDING_TEXT_MAX = 20000;

    /** A party's position at the incident's current level. */
    public record PositionCommand(String party, String position, String statement) {
    }

    @Transactional
    public Incident claim(UUID id, Principal user) {
        Incident incident = chairsIncident(id, user, false);
        if (!incidents.claim(id, user.username(), now())) {
            // Who holds it is for the chair's staff to know (STAFF_IDENTITY), and only they get this far.
            Incident now = incidents.find(id, false).orElse(incident);
            String name = now.reference() != null ? now.reference() : id.toString();
            throw new ProblemException(ProblemType.CONFLICT, now.claimedBy() != null
                    ? "Incident " + name + " is held by " + now.claimedBy() + (now.claimedBy().equals(user.username())
                            ? " (you)" : ": ask them to release it, or have it assigned")
                    : "Incident " + name + " is " + now.status().code() + ": only an open incident can be claimed");
        }
        return recorded(incident, user, "claim", null, "incident.claim");
    }

    /**
     * Asks the chair who holds the incident to release it: an event of its history that the
     * notifications job turns into a notice to the holder (docs/notifications.md). Refused when
     * nobody else holds it, and answered 429 when the same chair asked within ten minutes.
     */
    @Transactional
    public Incident askRelease(UUID id, Principal user, String text) {
        if (text != null && text.length() > 1_000) {
            throw new ProblemException(ProblemType.INVALID_INPUT, "A request to release has at most 1,000 characters",
                    List.of(FieldError.at("/text", "at most 1,000 characters")));
        }
        Incident i = chairsIncident(id, user, true);
        String name = i.reference() != null ? i.reference() : id.toString();
        if (i.claimedBy() == null || i.claimedBy().equals(user.username())) {
            throw new ProblemException(ProblemType.CONFLICT, "Incident " + name + (i.claimedBy() == null
                    ? " is held by nobody: claim it" : " is held by you"));
        }
        if (events.askedSince(id, user.username(), RELEASE_REQUEST, now().minus(RELEASE_REQUEST_EVERY))) {
            throw new ProblemException(ProblemType.CONFLICT, "You asked " + i.claimedBy() + " to release " + name
                    + " less than ten minutes ago");
        }
        return recorded(i, user, RELEASE_REQUEST, text == null || text.isBlank() ? i.claimedBy()
                : i.claimedBy() + ": " + text.strip(), "incident.ask_release");
    }

    /** The incident event kind of a request to release (migration V104). */
    public static final String RELEASE_REQUEST = "release_request";
    private static final java.time.Duration RELEASE_REQUEST_EVERY = java.time.Duration.ofMinutes(10);

    @Transactional
    public Incident assign(UUID id, Principal user, String assignee) {
        Incident i = chairsIncident(id, user, true);
        // Work goes to the chair's staff who may work this incident: a chair whose grant covers its level and team.
        if (assignee == null || assignee.isBlank() || !access.mayWork(assignee, i.mechanism(), i.level(), i.team())) {
            throw new ProblemException(ProblemType.INVALID_INPUT, "The assignee must be a member of the chair's staff of "
                    + i.mechanism() + " who works " + i.queueId(), List.of(FieldError.at("/assignee",
                    "no chair of " + i.mechanism() + " working " + i.queueId() + " by that name")));
        }
        Incident next = with(i, i.level(), i.team(), i.status(), i.deadline(), i.claimedBy(), assignee, i.finding(),
                i.findingParty(), i.findingSummary(), i.findingAnalysis(), i.findingRecommendation());
        incidents.update(next);
        return recorded(next, user, "assignment", assignee, "incident.assign");
    }

    @Transactional
    public Incident transition(UUID id, Principal user, TransitionCommand command) {
        Incident i = chairsIncident(id, user, true);
        IncidentStatus to = status(command.to());
        if (!i.status().canMoveTo(to)) {
            throw new ProblemException(ProblemType.ILLEGAL_TRANSITION, "An incident that is " + i.status().code()
                    + " cannot become " + to.code() + "; it can become: " + i.status().next().stream()
                    .map(IncidentStatus::code).toList());
        }
        String finding = i.finding();
        String party = i.findingParty();
        String summary = i.findingSummary();
        String analysis = i.findingAnalysis();
        String recommendation = i.findingRecommendation();
        if (to.recordsFinding()) {
            finding = finding(command, i.mechanism());
            party = command.party();
            summary = command.summary();
            analysis = findingText(command.analysis(), "/analysis");
            recommendation = findingText(command.recommendation(), "/recommendation");
        }
        Incident next = with(i, i.level(), i.team(), to, i.deadline(), i.claimedBy(), i.assignedTo(), finding, party, summary,
                analysis, recommendation);
        incidents.update(next);
        events.append(id, now(), user.username(), "transition", i.status().code(), to.code(), i.level(), i.level(),
                to.recordsFinding() ? finding : null);
        audit.append(AuditRecord.of(user.username(), "incident.transition", "incident", id.toString())
                .withDetails("{\"from\":\"" + i.status().code() + "\",\"to\":\"" + to.code() + "\"}"));
        notifier.changed(next.queueId(), id);
        return next;
    }

    /** Moves the incident to the next level's queue (or, at the top level, from a team to the level's plenary). */
    @Transactional
    public Incident escalate(UUID id, Principal user, String reason) {
        return escalate(chairsIncident(id, user, true), user.username(), reason);
    }

    /** A queue an incident can be sent to: a level and, within it, a team or none (the whole level). */
    record QueueTarget(String level, String team) {
    }

    /**
     * Where escalating the incident sends it: the team of the level above whose areas hold it (or
     * that level as a whole), or, at the top level, from one of its several teams to the level as
     * a whole (a sector to the whole tripartite meeting); empty at the top, and from the top
     * level's only team (Colombia's national instance is its national level: "national →
     * national" is no escalation).
     */
    static Optional<QueueTarget> escalationTarget(Incident i, MechanismProtocol protocol) {
        Optional<MechanismProtocol.Level> above = i.level() == null ? Optional.empty() : protocol.levelAbove(i.level());
        if (above.isPresent()) {
            return Optional.of(new QueueTarget(above.get().code(), IncidentRouter.teamFor(above.get(), i.areas())));
        }
        if (i.level() != null && i.team() != null && teamsGoToPlenary(protocol, i.level())) {
            return Optional.of(new QueueTarget(i.level(), null));
        }
        return Optional.empty();
    }

    /**
     * Whether a team's incident of the top level {@code level} escalates to that level's plenary: only
     * where the level has several teams (with one, its team and its plenary are the same people).
     */
    static boolean teamsGoToPlenary(MechanismProtocol protocol, String level) {
        return protocol.levels().stream().filter(l -> l.code().equals(level))
                .anyMatch(l -> l.teams() != null && l.teams().size() > 1);
    }

    Incident escalate(Incident i, String actor, String reason) {
        if (!i.status().canEscalate()) {
            throw new ProblemException(ProblemType.ILLEGAL_TRANSITION, "A " + i.status().code() + " incident is not escalated");
        }
        MechanismProtocol protocol = mechanisms.protocol(i.mechanism()).orElseThrow();
        QueueTarget target = escalationTarget(i, protocol).orElseThrow(() -> new ProblemException(
                ProblemType.ILLEGAL_TRANSITION, "Incident " + i.id() + " is at the top of " + i.mechanism()
                        + " already; there is nowhere to escalate it"));
        String level = target.level();
        String team = target.team();
        Instant now = now();
        Incident next = with(i, level, team, IncidentStatus.ESCALATED, IncidentRouter.deadline(protocol, level,
                i.severity(), now), null, null, i.finding(), i.findingParty(), i.findingSummary(), i.findingAnalysis(),
                i.findingRecommendation());
        incidents.update(next);
        events.append(i.id(), now, actor, "escalation", i.status().code(), IncidentStatus.ESCALATED.code(), i.level(),
                level, reason);
        audit.append(AuditRecord.of(actor, "incident.escalate", "incident", i.id().toString())
                .withDetails("{\"from\":\"" + i.queueId() + "\",\"to\":\"" + next.queueId() + "\"}"));
        notifier.changed(i.queueId(), i.id());
        notifier.changed(next.queueId(), i.id());
        return next;
    }

    @Transactional
    public Incident comment(UUID id, Principal user, String text) {
        if (text == null || text.isBlank() || text.length() > 10_000) {
            throw new ProblemException(ProblemType.INVALID_INPUT, "A comment has 1 to 10,000 characters",
                    List.of(FieldError.at("/text", "1 to 10,000 characters")));
        }
        return recorded(chairsIncident(id, user, false), user, "comment", text, "incident.comment");
    }

    /** A chair who works the incident records any party's position; a party delegate only their own party's. */
    @Transactional
    public Incident position(UUID id, Principal user, PositionCommand command) {
        AccessScope scope = policy.scope(user);
        Incident i = incidents.find(id, true).filter(x -> queries.canSee(scope, x.id()))
                .orElseThrow(() -> ProblemException.notFound("No incident " + id));
        boolean chair = scope.mayWork(i.mechanism(), i.level(), i.team());
        String party = delegatesParty(user, i.mechanism());
        if (!chair && party == null) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Positions at " + i.queueId()
                    + " are recorded by the chair's staff working it, or by a party's own delegate");
        }
        if (!chair && !party.equals(command.party())) {
            throw new ProblemException(ProblemType.FORBIDDEN, "You may record only your own party's position",
                    List.of(FieldError.at("/party", "must be " + party)));
        }
        MechanismProtocol protocol = mechanisms.protocol(i.mechanism()).orElseThrow();
        if (command.party() == null || !protocol.hasParty(command.party())
                || !PartyPosition.isCode(command.position())) {
            throw new ProblemException(ProblemType.INVALID_INPUT, "A position names a party of the mechanism and one of "
                    + String.join(", ", Arrays.stream(PartyPosition.values()).map(PartyPosition::code).toList()),
                    List.of(FieldError.at("/position", "see detail")));
        }
        String level = i.level() == null ? QueueId.TRIAGE : i.level();
        positions.record(id, new IncidentRecordRepository.Position(level, command.party(), command.position(),
                command.statement(), user.username(), now()));
        return recorded(i, user, "position", command.party() + ": " + command.position(), "incident.position");
    }

    /**
     * The chair's proposed action for the meeting of the incident's current level (docs/mechanisms.md,
     * "The meeting pack"): one text per level, replaced by a later one; in the history and the audit chain.
     */
    @Transactional
    public Incident propose(UUID id, Principal user, String text) {
        if (text == null || text.isBlank() || text.strip().length() > 4000) {
            throw new ProblemException(ProblemType.INVALID_INPUT, "A proposed action has 1 to 4,000 characters",
                    List.of(FieldError.at("/text", "1 to 4,000 characters")));
        }
        Incident i = chairsIncident(id, user, true);
        proposals.upsert(id, i.level() == null ? QueueId.TRIAGE : i.level(), text.strip(), user.username(), now());
        return recorded(i, user, "proposal", text.strip(), "incident.propose");
    }

    /** Accepts a suggested report as part of the incident. */
    @Transactional
    public Incident confirmLink(UUID id, UUID reportId, Principal user) {
        Incident i = chairsIncident(id, user, true);
        IncidentRecordRepository.LinkedReport linked = linkedReport(i, reportId);
        if (!"suggested".equals(linked.link())) {
            throw new ProblemException(ProblemType.ILLEGAL_TRANSITION, "Report " + reportId + " is " + linked.link()
                    + ", not suggested");
        }
        records.link(reportId, id, "confirmed", user.username(), now());
        return recorded(i, user, "link", "confirmed report " + reportId, "incident.link");
    }

    /**
     * Takes a report out of the incident into an incident of its own, routed as if it had
     * just arrived: how a chair rejects a suggested link, or splits one event into two.
     * The report that opened the incident stays; split the others off instead.
     */
    @Transactional
    public UUID split(UUID id, UUID reportId, Principal user) {
        Incident i = chairsIncident(id, user, true);
        IncidentRecordRepository.LinkedReport linked = linkedReport(i, reportId);
        if ("origin".equals(linked.link())) {
            throw new ProblemException(ProblemType.ILLEGAL_TRANSITION, "Report " + reportId
                    + " opened this incident; split the other reports off instead");
        }
        Report report = reports.find(reportId).orElseThrow();
        MechanismProtocol protocol = mechanisms.protocol(i.mechanism()).orElseThrow();
        UUID created = incidentService.open(protocol, report, ReportToIncident.hits(geofence.relationsOf(reportId)), now(),
                user.username());
        events.append(id, now(), user.username(), "split", null, null, null, null,
                "report " + reportId + " split off into incident " + created);
        audit.append(AuditRecord.of(user.username(), "incident.split", "incident", id.toString())
                .withDetails("{\"report\":\"" + reportId + "\",\"into\":\"" + created + "\"}"));
        notifier.changed(i.queueId(), id);
        return created;
    }

    private IncidentRecordRepository.LinkedReport linkedReport(Incident i, UUID reportId) {
        return records.reports(i.id()).stream().filter(r -> r.reportId().equals(reportId)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("Report " + reportId + " is not part of incident " + i.id()));
    }

    private Incident recorded(Incident i, Principal user, String kind, String body, String action) {
        events.append(i.id(), now(), user.username(), kind, null, null, null, null, body);
        audit.append(AuditRecord.of(user.username(), action, "incident", i.id().toString()));
        notifier.changed(i.queueId(), i.id());
        return incidents.find(i.id(), false).orElseThrow();
    }

    /**
     * The incident, locked when asked, if the user's chair grant covers its mechanism, level and
     * team; 403 if they may see it but not work it, 404 if they may not see it at all.
     */
    Incident chairsIncident(UUID id, Principal user, boolean lock) {
        Incident i = incidents.find(id, lock).orElseThrow(() -> ProblemException.notFound("No incident " + id));
        AccessScope scope = policy.scope(user);
        if (!scope.mayWork(i.mechanism(), i.level(), i.team())) {
            throw queries.canSee(scope, id)
                    ? new ProblemException(ProblemType.FORBIDDEN, scope.chairs(i.mechanism())
                            ? "Your grant does not cover " + i.queueId() + ": it is worked by the chair's staff of that level"
                            : "Only the chair's staff work incidents")
                    : ProblemException.notFound("No incident " + id);
        }
        return i;
    }

    /** The party a user is the delegate of in a mechanism, or null. */
    static String delegatesParty(Principal user, String mechanism) {
        return user.grants().stream().filter(g -> Role.PARTY_DELEGATE.code().equals(g.role())
                && mechanism.equals(g.mechanism()) && g.party() != null).map(Grant::party).findFirst().orElse(null);
    }

    private String finding(TransitionCommand c, String mechanism) {
        Finding f;
        try {
            f = Finding.of(c.finding() == null ? "" : c.finding());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_INPUT, "A finding is one of violation_confirmed, "
                    + "violation_unattributed, no_violation, inconclusive, not_verifiable",
                    List.of(FieldError.at("/finding", "unknown finding '" + c.finding() + "'")));
        }
        if (f == Finding.VIOLATION_CONFIRMED && (c.party() == null
                || !mechanisms.protocol(mechanism).orElseThrow().hasParty(c.party()))) {
            throw new ProblemException(ProblemType.INVALID_INPUT, "A confirmed violation is attributed to a party of the "
                    + "mechanism; use violation_unattributed when it cannot be",
                    List.of(FieldError.at("/party", "a party of " + mechanism)));
        }
        return f.code();
    }

    /** An optional text of the finding: blank is none; longer than {@link #FINDING_TEXT_MAX} characters is refused. */
    private static String findingText(String text, String pointer) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.codePointCount(0, text.length()) > FINDING_TEXT_MAX) {
            throw new ProblemException(ProblemType.INVALID_INPUT, "A finding's analysis and recommendation are at most "
                    + FINDING_TEXT_MAX + " characters each", List.of(FieldError.at(pointer, "longer than "
                    + FINDING_TEXT_MAX + " characters")));
        }
        return text.strip();
    }

    private static IncidentStatus status(String code) {
        try {
            return IncidentStatus.of(code == null ? "" : code);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_INPUT, "Unknown status '" + code + "'",
                    List.of(FieldError.at("/to", "a workflow status")));
        }
    }

    private Incident with(Incident i, String level, String team, IncidentStatus status, Instant deadline,
                                 String claimedBy, String assignedTo, String finding, String party, String summary,
                                 String analysis, String recommendation) {
        return new Incident(i.id(), i.mechanism(), level, team, status, i.category(), i.severity(), i.violations(),
                deadline, i.geometry(), i.areas(), i.observedAt(), i.observedUntil(), claimedBy, assignedTo, finding,
                party, summary, analysis, recommendation, i.protocolVersion(), i.createdAt(), now(), i.reference());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

package org.trucewatch.intake;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.AccessScope;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Visibility;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;
import org.trucewatch.access.Seen;
import org.trucewatch.audit.AuditLog;
import org.trucewatch.audit.AuditRecord;
import org.trucewatch.taxonomy.Taxonomy;

/**
 * Accepts field reports exactly once. The client's {@code clientReportId} is the
 * idempotency key: the database's unique constraint with {@code ON CONFLICT DO NOTHING}
 * decides the race between concurrent resends, so whichever arrives first is stored and
 * every other copy is answered with it (or refused as a conflict if its content differs).
 */
@Singleton
public class ReportService {
    private static final Logger LOG = LoggerFactory.getLogger(ReportService.class);

    private final ReportRepository repository;
    private final Taxonomy taxonomy;
    private final Clock clock;
    private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();
    private final Counter created;
    private final Counter resent;
    private final AuditLog audit;
    private final ApplicationEventPublisher<ReportAccepted> accepted;
    private final ApplicationEventPublisher<ReportRevised> revisedEvents;
    private final AccessPolicy policy;
    private final List<ReportRevisionGuard> guards;
    private final ReportRevisionRepository revisions;

    ReportService(ReportRepository repository, Taxonomy taxonomy, Clock clock, MeterRegistry meters, AuditLog audit,
                  ApplicationEventPublisher<ReportAccepted> accepted, ApplicationEventPublisher<ReportRevised> revised,
                  AccessPolicy policy, List<ReportRevisionGuard> guards, ReportRevisionRepository revisions) {
        this.revisions = revisions;
        this.accepted = accepted;
        this.revisedEvents = revised;
        this.policy = policy;
        this.guards = guards;
        this.audit = audit;
        this.repository = repository;
        this.taxonomy = taxonomy;
        this.clock = clock;
        this.created = meters.counter("trucewatch.reports.submitted", "outcome", "created");
        this.resent = meters.counter("trucewatch.reports.submitted", "outcome", "resent");
    }

    /**
     * Stores the report unless its clientReportId is taken. When it is, answers with the
     * stored report and whether its content differs; the caller refuses a conflict, saying
     * no more about the stored report than the submitter may see (it may be someone else's).
     */
    @Transactional
    public SubmissionOutcome submit(SubmitReportCommand command, String submittedBy) {
        return submit(command, submittedBy, List.of());
    }

    /** The same for a submission that names files (an OpenRosa instance): naming other files is other content. */
    @Transactional
    public SubmissionOutcome submit(SubmitReportCommand command, String submittedBy, List<String> fileNames) {
        byte[] digest = ReportDigest.of(command, fileNames);
        Report report = new Report(ids.generate(), clock.instant().truncatedTo(ChronoUnit.MICROS), submittedBy,
                taxonomy.version(), command);
        ReportRepository.Insert insert = repository.insertIfAbsent(report, digest);
        if (insert.inserted()) {
            accepted.publishEvent(new ReportAccepted(report, insert.reading()));
            audit.append(AuditRecord.of(submittedBy, "report.create", "report", report.id().toString())
                    .withDigests(null, HexFormat.of().formatHex(digest)));
            created.increment();
            LOG.info("report.create id={} clientReportId={} category={}", report.id(), command.clientReportId(),
                    command.category());
            return new SubmissionOutcome(report, true, false);
        }
        ReportRepository.StoredReport stored = repository.findByClientReportId(command.clientReportId())
                .orElseThrow(() -> new IllegalStateException("report " + command.clientReportId()
                        + " conflicted on insert but cannot be read"));
        boolean otherContent = !Arrays.equals(stored.digest(), digest);
        if (!otherContent) {
            resent.increment();
        }
        return new SubmissionOutcome(stored.report(), false, otherContent);
    }

    /**
     * Makes {@code command.content()} the current revision of the report, keeping the one it
     * replaces in its history. In order, with the report's row locked: the caller must see
     * the report (404) and be its author or see it in full (403); a resend of a revision
     * already stored answers with the report (its instance id names that revision; other
     * content under it is a conflict); the edit must be made from the current revision
     * (409 {@code stale-revision}); the mechanism stays; every {@link ReportRevisionGuard}
     * agrees (mechanisms: not past triage). Then {@code report.revise} joins the audit chain
     * and {@link ReportRevised} goes downstream, all in this transaction.
     */
    @Transactional
    public RevisionOutcome revise(ReviseReportCommand command, Principal user) {
        ReportRepository.StoredReport locked = repository.lockById(command.reportId())
                .orElseThrow(() -> ProblemException.notFound("No report " + command.reportId()));
        Report current = locked.report();
        Visibility visibility = policy.reportVisibility(user, current.id(), current.submittedBy());
        if (visibility == Visibility.NONE) {
            throw ProblemException.notFound("No report " + command.reportId());
        }
        if (!current.submittedBy().equals(user.username()) && visibility != Visibility.FULL) {
            throw new ProblemException(ProblemType.FORBIDDEN, "A monitor may correct only their own reports");
        }
        SubmitReportCommand content = command.content().mechanism() == null
                ? command.content().withMechanism(current.content().mechanism()) : command.content();
        byte[] digest = ReportDigest.of(content, command.fileNames());
        Optional<ReportRepository.StoredReport> known = repository.findByClientReportId(content.clientReportId());
        if (known.isPresent()) {
            return resent(known.get(), current, content.clientReportId(), digest);
        }
        boolean stale = command.fromRevision() != null && command.fromRevision() != current.revision()
                || command.fromInstance() != null && !command.fromInstance().equals(current.content().clientReportId());
        if (stale) {
            throw new ProblemException(ProblemType.STALE_REVISION, "Report " + current.id() + " is at revision "
                    + current.revision() + "; fetch it and make the correction again from there");
        }
        if (!Objects.equals(content.mechanism(), current.content().mechanism())) {
            throw new ProblemException(ProblemType.INVALID_REPORT, "A correction cannot move a report to another mechanism",
                    List.of(FieldError.at("/properties/mechanism", "must stay " + current.content().mechanism())));
        }
        guards.forEach(g -> g.checkRevisable(current));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Report next = new Report(current.id(), current.receivedAt(), current.submittedBy(), taxonomy.version(), content,
                current.revision() + 1);
        revisions.keepCurrentRevision(current.id(), now);
        revisions.writeRevision(next, digest, now, user.username());
        revisedEvents.publishEvent(new ReportRevised(current, next));
        audit.append(AuditRecord.of(user.username(), "report.revise", "report", current.id().toString())
                .withDigests(HexFormat.of().formatHex(locked.digest()),
                        HexFormat.of().formatHex(digest))
                .withDetails("{\"revision\":" + next.revision() + ",\"clientReportId\":\"" + content.clientReportId()
                        + "\",\"replaces\":\"" + current.content().clientReportId() + "\"}"));
        LOG.info("report.revise id={} revision={}", current.id(), next.revision());
        return new RevisionOutcome(next, true);
    }

    /**
     * The report {@code user} adds a file to, its row locked until the caller's transaction
     * ends (so the file and a correction or a triage step queue one behind the other): 404 when
     * the user does not see it, 403 unless the user submitted it, and every
     * {@link ReportRevisionGuard} must agree, as for a correction (mechanisms: not past triage).
     */
    @Transactional
    public Report lockForAttachment(UUID id, Principal user) {
        Report current = repository.lockById(id).map(ReportRepository.StoredReport::report)
                .orElseThrow(() -> ProblemException.notFound("No report " + id));
        if (policy.reportVisibility(user, current.id(), current.submittedBy()) == Visibility.NONE) {
            throw ProblemException.notFound("No report " + id);
        }
        if (!current.submittedBy().equals(user.username())) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Only the monitor who sent a report adds files to it");
        }
        guards.forEach(g -> g.checkRevisable(current));
        return current;
    }

    /** A revision already stored under this instance id: the same edit sent again, or a conflict. */
    private static RevisionOutcome resent(ReportRepository.StoredReport known, Report current, UUID clientReportId,
                                          byte[] digest) {
        if (!known.report().id().equals(current.id())) {
            throw new ProblemException(ProblemType.REPORT_CONFLICT, "This clientReportId is already used");
        }
        if (!Arrays.equals(known.digest(), digest)) {
            throw new ProblemException(ProblemType.REPORT_CONFLICT, "clientReportId " + clientReportId
                    + " already names a revision of report " + current.id()
                    + " with other content; a correction needs a new clientReportId");
        }
        return new RevisionOutcome(current, false);
    }

    /** Every revision of a report, oldest first (the last is the current one); empty for no such report. */
    @Transactional(readOnly = true)
    public List<ReportRevision> revisions(UUID id) {
        return revisions.revisions(id);
    }

    @Transactional(readOnly = true)
    public Optional<Report> find(UUID id) {
        return repository.findById(id);
    }

    /** The report stored under a device's id (OpenRosa: the instanceID), if any. */
    @Transactional(readOnly = true)
    public Optional<Report> findByClientReportId(UUID clientReportId) {
        return repository.findByClientReportId(clientReportId).map(ReportRepository.StoredReport::report);
    }

    /** One page of reports; the list has one extra element when another page follows. */
    @Transactional(readOnly = true)
    public List<Seen<Report>> search(ReportQuery query, AccessScope scope) {
        return repository.find(query, scope);
    }
}

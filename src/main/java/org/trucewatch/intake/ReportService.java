package org.trucewatch.intake;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trucewatch.access.AccessScope;
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

    ReportService(ReportRepository repository, Taxonomy taxonomy, Clock clock, MeterRegistry meters, AuditLog audit,
                  ApplicationEventPublisher<ReportAccepted> accepted) {
        this.accepted = accepted;
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
        byte[] digest = ReportDigest.of(command);
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

package org.trucewatch.reports;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trucewatch.audit.AuditLog;
import org.trucewatch.audit.AuditRecord;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.MechanismService;

/**
 * The daily situation report (docs/reports.md, "Periodic reports"): for each mechanism whose
 * protocol sets {@code dailyReport.cutoff}, once the cut-off has passed in its time zone, the
 * day that ended then (from the cut-off before, so 23 or 25 hours across a daylight-saving
 * change) is counted and issued once: every instance runs this job, the unique constraint on
 * (mechanism, kind, period, version) lets one insert win and the others insert nothing. Only
 * the winner records {@code report.issue} in the audit chain, in the same transaction.
 */
@Singleton
@Requires(property = "trucewatch.reports.daily.enabled", notEquals = "false")
public class DailyReports {
    static final String ISSUER = "system:reports";
    private static final Logger LOG = LoggerFactory.getLogger(DailyReports.class);

    private final ReportContent contents;
    private final IssuedReportRepository issued;
    private final MechanismService mechanisms;
    private final AuditLog audit;
    private final Clock clock;
    private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();

    DailyReports(ReportContent contents, IssuedReportRepository issued, MechanismService mechanisms, AuditLog audit,
                 Clock clock) {
        this.contents = contents;
        this.issued = issued;
        this.mechanisms = mechanisms;
        this.audit = audit;
        this.clock = clock;
    }

    /** A report's period: [start, end). */
    record Period(Instant start, Instant end) {
    }

    @Scheduled(fixedDelay = "${trucewatch.reports.daily.interval:1m}",
            initialDelay = "${trucewatch.reports.daily.initial-delay:30s}")
    void run() {
        int n = issueDue();
        if (n > 0) {
            LOG.info("issued {} daily report(s)", n);
        }
    }

    /** One pass: issues each mechanism's last completed day not issued yet; returns how many this call issued. */
    public int issueDue() {
        int n = 0;
        Instant now = clock.instant();
        for (MechanismProtocol p : mechanisms.all()) {
            if (p.dailyReport() != null && issue(p, lastDay(p.zone(), p.dailyReport().cutoffTime(), now))) {
                n++;
            }
        }
        return n;
    }

    /**
     * The last day that has ended at {@code now}: from the cut-off of the day before to the last
     * cut-off, local times in {@code zone} (a cut-off in a daylight-saving gap moves to after it).
     */
    static Period lastDay(ZoneId zone, LocalTime cutoff, Instant now) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime end = local.toLocalDate().atTime(cutoff).atZone(zone);
        if (end.toInstant().isAfter(now)) {
            end = local.toLocalDate().minusDays(1).atTime(cutoff).atZone(zone);
        }
        ZonedDateTime start = end.toLocalDate().minusDays(1).atTime(cutoff).atZone(zone);
        return new Period(start.toInstant(), end.toInstant());
    }

    /** Counts and issues one day's report unless it is issued already; whether this call issued it. */
    @Transactional
    public boolean issue(MechanismProtocol p, Period day) {
        if (issued.exists(p.code(), "daily", day.start())) {
            return false;
        }
        UUID id = ids.generate();
        Instant now = clock.instant();
        // Counted as the data stand now (the issue follows the cut-off within a minute); named by the local date it ends.
        String content = contents.daily(p, day.end().atZone(p.zone()).toLocalDate().toString(), day.start(), day.end(), now);
        if (!issued.insertOnce(new IssuedReport(id, p.code(), "daily", null, day.start(), day.end(), 1, null, content,
                sha256(content), now, ISSUER))) {
            return false;
        }
        audit.append(AuditRecord.of(ISSUER, "report.issue", "issued_report", id.toString())
                .withDetails("{\"mechanism\":\"" + p.code() + "\",\"kind\":\"daily\",\"periodStart\":\"" + day.start() + "\"}"));
        return true;
    }

    static byte[] sha256(String content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

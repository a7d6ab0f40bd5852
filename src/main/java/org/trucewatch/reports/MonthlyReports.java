package org.trucewatch.reports;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import org.trucewatch.audit.AuditLog;
import org.trucewatch.audit.AuditRecord;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.MechanismService;

/**
 * The monthly consolidated report (docs/reports.md, "Periodic reports"): a calendar month of
 * the mechanism's time zone (local midnight to local midnight, so a month across a
 * daylight-saving change is an hour shorter or longer), for the whole mechanism and for each
 * level, counted as the data stood at the month's end. Issued once by the same rule as the daily
 * report: the unique key lets one insert win, and only the winner appends {@code report.issue}.
 */
@Singleton
public class MonthlyReports {
    static final String KIND = "monthly";

    private final ReportContent contents;
    private final IssuedReportRepository issued;
    private final MechanismService mechanisms;
    private final AuditLog audit;
    private final Clock clock;
    private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();

    MonthlyReports(ReportContent contents, IssuedReportRepository issued, MechanismService mechanisms, AuditLog audit,
                   Clock clock) {
        this.contents = contents;
        this.issued = issued;
        this.mechanisms = mechanisms;
        this.audit = audit;
        this.clock = clock;
    }

    /** One pass of the scheduler: each mechanism's (and level's) last ended month, unless issued; how many this call issued. */
    public int issueDue() {
        int n = 0;
        Instant now = clock.instant();
        for (MechanismProtocol p : mechanisms.all()) {
            YearMonth month = YearMonth.from(now.atZone(p.zone())).minusMonths(1);
            n += issue(p, null, month, DailyReports.ISSUER, null).isPresent() ? 1 : 0;
            if (p.levels() != null) {
                for (MechanismProtocol.Level level : p.levels()) {
                    n += issue(p, level.code(), month, DailyReports.ISSUER, null).isPresent() ? 1 : 0;
                }
            }
        }
        return n;
    }

    static Instant start(YearMonth month, ZoneId zone) {
        return month.atDay(1).atStartOfDay(zone).toInstant();
    }

    /** Whether {@code month} has ended in {@code zone} at {@code now}. */
    static boolean ended(YearMonth month, ZoneId zone, Instant now) {
        return !start(month.plusMonths(1), zone).isAfter(now);
    }

    /**
     * Counts and issues one month's report of {@code p} (and {@code level}; null: the whole
     * mechanism) unless that version is issued already. {@code corrects} null: version 1;
     * otherwise the new version replaces that one. Empty when another call issued it first.
     */
    @Transactional
    public Optional<IssuedReport> issue(MechanismProtocol p, String level, YearMonth month, String issuer, IssuedReport corrects) {
        Instant start = start(month, p.zone());
        Instant end = start(month.plusMonths(1), p.zone());
        int version = corrects == null ? 1 : corrects.version() + 1;
        if (corrects == null && issued.latest(p.code(), KIND, level, start).isPresent()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        // The scheduler's report is as the data stood at the month's end; one a chair issues on demand
        // (a past period, or a correction) as they stand at that moment.
        Instant cutoff = DailyReports.ISSUER.equals(issuer) ? end : now;
        String content = contents.monthly(p, level, month.toString(), start, end, cutoff);
        IssuedReport r = new IssuedReport(ids.generate(), p.code(), KIND, level, start, end, version,
                corrects == null ? null : corrects.id(), content, DailyReports.sha256(content), now, issuer);
        if (!issued.insertOnce(r)) {
            return Optional.empty();
        }
        audit.append(AuditRecord.of(issuer, "report.issue", "issued_report", r.id().toString())
                .withDetails("{\"mechanism\":\"" + p.code() + "\",\"kind\":\"monthly\",\"periodStart\":\"" + start
                        + "\",\"version\":" + version + (corrects == null ? "" : ",\"replaces\":\"" + corrects.id() + "\"")
                        + "}"));
        return Optional.of(r);
    }

    /** The stored report by id, for a mechanism. */
    Optional<IssuedReport> find(String mechanism, UUID id) {
        return issued.find(mechanism, id);
    }
}

package org.trucewatch.reports;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link MonthlyReports#issueDue()} on every instance (hourly by default:
 * {@code trucewatch.reports.monthly.interval}); {@code trucewatch.reports.monthly.enabled: false}
 * turns it off. However many instances run it, each month's report is issued once.
 */
@Singleton
@Requires(property = "trucewatch.reports.monthly.enabled", notEquals = "false")
class MonthlyReportJob {
    private static final Logger LOG = LoggerFactory.getLogger(MonthlyReportJob.class);
    private final MonthlyReports reports;

    MonthlyReportJob(MonthlyReports reports) {
        this.reports = reports;
    }

    @Scheduled(fixedDelay = "${trucewatch.reports.monthly.interval:1h}",
            initialDelay = "${trucewatch.reports.monthly.initial-delay:2m}")
    void run() {
        int n = reports.issueDue();
        if (n > 0) {
            LOG.info("issued {} monthly report(s)", n);
        }
    }
}

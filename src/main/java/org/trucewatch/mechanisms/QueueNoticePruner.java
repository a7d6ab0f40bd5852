package org.trucewatch.mechanisms;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes queue notices older than {@code trucewatch.queue-notices.retention}. Every
 * instance runs it; two deleting the same rows at once only wait for each other. Readers
 * take a notice within a poll interval of its commit, so the retention only needs to
 * outlast a reader's outage (the streams go on from their cursor when the database is back).
 */
@Singleton
class QueueNoticePruner {
    private static final Logger LOG = LoggerFactory.getLogger(QueueNoticePruner.class);

    private final QueueNotices notices;
    private final Duration retention;

    QueueNoticePruner(QueueNotices notices, @Value("${trucewatch.queue-notices.retention:1h}") Duration retention) {
        if (retention.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("trucewatch.queue-notices.retention must be at least 1 minute, not "
                    + retention);
        }
        this.notices = notices;
        this.retention = retention;
    }

    @Scheduled(fixedDelay = "${trucewatch.queue-notices.prune-interval:1m}", initialDelay = "1m")
    void run() {
        try {
            int n = notices.prune(retention);
            if (n > 0) {
                LOG.debug("queue-notices.prune deleted={}", n);
            }
        } catch (RuntimeException e) {
            // e.g. the database is away: the next run deletes what this one could not
            LOG.warn("queue-notices.prune failed, tried again at the next run: {}", e.toString());
        }
    }
}

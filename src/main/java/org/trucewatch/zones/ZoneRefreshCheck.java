package org.trucewatch.zones;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net under {@link ZoneChangeListener}: reads {@code zone_revision} every
 * {@code trucewatch.zones.refresh.check.interval} and rebuilds the index if zones changed
 * without this instance hearing of it (a notification lost with a connection, or no
 * listener). One primary-key read per interval, not per report.
 */
@Singleton
@Requires(property = "trucewatch.zones.refresh.check.enabled", notEquals = "false")
class ZoneRefreshCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ZoneRefreshCheck.class);

    private final ZoneEngine engine;

    ZoneRefreshCheck(ZoneEngine engine) {
        this.engine = engine;
    }

    @Scheduled(fixedDelay = "${trucewatch.zones.refresh.check.interval:60s}",
            initialDelay = "${trucewatch.zones.refresh.check.interval:60s}")
    void run() {
        try {
            engine.refresh();
        } catch (RuntimeException e) {
            LOG.warn("zones index check failed ({}); the next report or check does it", e.toString());
        }
    }
}

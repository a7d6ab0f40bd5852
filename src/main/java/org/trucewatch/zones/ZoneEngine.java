package org.trucewatch.zones;

import org.trucewatch.zones.engine.ZoneIndex;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current in-memory {@link ZoneIndex} and rebuilds it when zones change.
 *
 * <p>Every use first reads {@code zone_revision} (one primary-key row; a trigger bumps it on
 * any change to zones, whichever instance or tool made it) and rebuilds when it differs from
 * the revision the index was built at. The revision is read before the zones, so an index is
 * never older than the revision it carries; a change committed in between only causes one
 * more rebuild. This costs a round trip per report but needs no listener connection, and no
 * report is ever judged against zones older than the last committed change.
 */
@Singleton
class ZoneEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ZoneEngine.class);

    private final ZoneRepository repository;
    private volatile ZoneIndex index;

    ZoneEngine(ZoneRepository repository) {
        this.repository = repository;
    }

    /** The index for the database's current revision; call inside a transaction. */
    ZoneIndex current() {
        long revision = repository.revision();
        ZoneIndex snapshot = index;
        if (snapshot != null && snapshot.revision() == revision) {
            return snapshot;
        }
        return rebuild(revision);
    }

    private synchronized ZoneIndex rebuild(long revision) {
        ZoneIndex snapshot = index;
        if (snapshot != null && snapshot.revision() == revision) {
            return snapshot;
        }
        long started = System.nanoTime();
        ZoneIndex built = new ZoneIndex(revision, repository.all());
        index = built;
        LOG.info("zones.index revision={} versions={} in {} ms", revision, built.size(),
                (System.nanoTime() - started) / 1_000_000);
        return built;
    }
}

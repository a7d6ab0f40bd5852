package org.trucewatch.zones;

import org.trucewatch.zones.engine.ZoneIndex;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current in-memory {@link ZoneIndex} and rebuilds it when zones change.
 *
 * <p>Each index carries the {@code zone_revision} it was built at (a trigger bumps that row
 * on any change to zones, whichever instance or tool made it). A new report's own INSERT
 * reads the revision its transaction can see ({@link ZoneRevisionReading}), and
 * {@link #atLeast} rebuilds only when the index is older than that: a report is never judged
 * against zones older than a change committed before its transaction began, and costs no
 * read of its own. The rebuild before such a report is rare, because every instance also
 * rebuilds in the background as soon as a change commits ({@link ZoneChangeListener}, LISTEN)
 * and, as a safety net, when a periodic check finds the revision moved ({@link #refresh}).
 * The revision is read before the zones, so an index is never older than the revision it
 * carries; a change committed in between only causes one more rebuild.
 */
@Singleton
class ZoneEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ZoneEngine.class);

    private final ZoneRepository repository;
    private volatile ZoneIndex index;

    ZoneEngine(ZoneRepository repository) {
        this.repository = repository;
    }

    /**
     * An index built at {@code revision} or later, with no database read unless the one held
     * is older; call inside a transaction that has not changed zones.
     */
    ZoneIndex atLeast(long revision) {
        ZoneIndex snapshot = index;
        if (snapshot != null && snapshot.revision() >= revision) {
            return snapshot;
        }
        return rebuild(revision);
    }

    /** The index for the database's current revision (one primary-key read); call inside a transaction. */
    ZoneIndex current() {
        return atLeast(repository.revision());
    }

    /**
     * The zones as the caller's transaction sees them, its own uncommitted changes included
     * (a zone import judging reports again). Not kept: if the transaction rolled back, an index
     * of zones that never were would outrank the committed revision.
     */
    ZoneIndex ofThisTransaction() {
        return new ZoneIndex(repository.revision(), repository.all());
    }

    /** Rebuilds if zones changed since the index was built; nothing before the first report built one. */
    @Transactional(readOnly = true)
    public void refresh() { // public: intercepted (a transaction) when the listener or the check calls it
        if (index != null) {
            current();
        }
    }

    /** The revision of the index held, or -1 before the first was built. */
    long revision() {
        ZoneIndex snapshot = index;
        return snapshot == null ? -1 : snapshot.revision();
    }

    private synchronized ZoneIndex rebuild(long atLeast) {
        ZoneIndex snapshot = index;
        if (snapshot != null && snapshot.revision() >= atLeast) {
            return snapshot; // another thread rebuilt while this one waited
        }
        long started = System.nanoTime();
        long revision = repository.revision();
        ZoneIndex built = new ZoneIndex(revision, repository.all());
        index = built;
        LOG.info("zones.index revision={} versions={} in {} ms", revision, built.size(),
                (System.nanoTime() - started) / 1_000_000);
        return built;
    }
}

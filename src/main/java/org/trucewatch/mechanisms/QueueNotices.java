package org.trucewatch.mechanisms;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Reads the queue notices that changing transactions leave ({@link QueueNotifier}), for the
 * streams downstream: each reader keeps a {@link Cursor} and asks for what committed since,
 * every notice exactly once, whatever order the transactions committed in.
 *
 * <p>Why exactly once: a notice's id is drawn when it is inserted, not when its transaction
 * commits, so a slow transaction's lower id can become visible after a faster one's higher
 * id was read. The cursor is therefore the database snapshot of the last read (which
 * transactions it saw) rather than an id: the next read returns the notices of the
 * transactions that snapshot did not see (in progress then, or begun since), which are the
 * notices that became visible in between. (docs/architecture.md, "Queue notices at scale".)
 */
@Singleton
public class QueueNotices {
    private final QueueNoticeRepository repository;

    QueueNotices(QueueNoticeRepository repository) {
        this.repository = repository;
    }

    /** A queue and the incident that changed in it. */
    public record Notice(long id, String queue, UUID incidentId) {
    }

    /** Where a reader is: opaque to it; pass it back to {@link #after}. */
    public record Cursor(String snapshot, long highestId) {
    }

    /** The notices committed since a cursor, in id order, and the cursor after them. */
    public record Batch(List<Notice> notices, Cursor next) {
    }

    /** A cursor at the present: every notice committed so far counts as read. */
    public Cursor now() {
        return repository.now();
    }

    /** The notices committed since {@code cursor} that it has not returned (one indexed query). */
    public Batch after(Cursor cursor) {
        return repository.after(cursor);
    }

    /** Deletes the notices older than {@code retention}; answers how many. */
    public int prune(Duration retention) {
        return repository.deleteOlderThan(retention);
    }
}

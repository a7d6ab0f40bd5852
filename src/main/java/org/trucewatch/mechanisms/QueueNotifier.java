package org.trucewatch.mechanisms;

import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * Announces that a queue changed by inserting a notice in the changing transaction: it is
 * read when (and only if) that transaction commits, by every service instance that streams
 * queue changes ({@link QueueNotices}), this one included. An insert takes no lock that
 * another transaction waits for; PostgreSQL's NOTIFY, used before, took one global lock at
 * every commit (docs/architecture.md, "Queue notices at scale").
 */
@Singleton
public class QueueNotifier {
    private final QueueNoticeRepository repository;

    QueueNotifier(QueueNoticeRepository repository) {
        this.repository = repository;
    }

    /** Call inside the transaction that changes the queue. */
    public void changed(String queueId, UUID incidentId) {
        repository.insert(queueId, incidentId);
    }
}

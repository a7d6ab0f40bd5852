package org.trucewatch.audit;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The append-only, hash-chained record of every state change. Appending joins the caller's
 * transaction, so an event is stored exactly when the change it describes is. It takes no
 * lock and reads nothing: the event is stored unsealed, and {@link AuditSealer} gives it its
 * place in the hash chain shortly after the transaction commits (docs/architecture.md, "The
 * audit chain at scale").
 */
@Singleton
public class AuditLog {
    private final AuditRepository repository;
    private final Clock clock;

    AuditLog(AuditRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Transactional
    public void append(AuditRecord record) {
        repository.insert(clock.instant().truncatedTo(ChronoUnit.MICROS), record);
    }

    /** A target's events in the order they were appended, the ones not sealed yet included (no hash yet). */
    @Transactional(readOnly = true)
    public List<AuditEvent> history(String targetType, String targetId) {
        return repository.forTarget(targetType, targetId);
    }
}

package org.trucewatch.audit;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The append-only, hash-chained record of every state change. Appending joins the caller's
 * transaction, so an event is stored exactly when the change it describes is; call it last
 * in the transaction, because it holds the chain lock until commit.
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
        String prev = repository.lockChainAndReadHead();
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String hash = AuditCanonicalForm.hash(prev, at, record.actor(), record.action(), record.targetType(),
                record.targetId(), record.beforeDigest(), record.afterDigest(), record.details());
        repository.insert(at, record, prev, hash);
    }

    @Transactional(readOnly = true)
    public List<AuditEvent> history(String targetType, String targetId) {
        return repository.forTarget(targetType, targetId);
    }
}

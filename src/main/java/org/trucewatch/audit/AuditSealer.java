package org.trucewatch.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals committed audit events into the hash chain, a few hundred milliseconds after their
 * transactions commit. Every instance runs it; one at a time works: a seal transaction of its
 * own takes the sealer lock with {@code pg_try_advisory_xact_lock}, and an instance that does
 * not get it skips its turn. The seal transaction reads the chain's head and the unsealed rows
 * it can see (committed ones), oldest identity first, gives each the next position and
 * {@code hash = SHA-256(prev_hash ‖ canonical row)}, and commits. The order of the chain is
 * therefore the sealer's: a row whose transaction commits late is sealed late, whatever its
 * identity. A crash anywhere loses nothing: an event is stored with its change, and the next
 * seal, on any instance, takes whatever is still unsealed (docs/architecture.md, "The audit
 * chain at scale").
 */
@Singleton
public class AuditSealer {
    private static final Logger LOG = LoggerFactory.getLogger(AuditSealer.class);
    /**
     * The key of the advisory lock held by the one sealer at work; arbitrary, fixed. In
     * {@code pg_locks} it shows as {@code locktype = 'advisory'}, {@code classid = 29810},
     * {@code objid = 1969448275}, {@code objsubid = 1}.
     */
    public static final long LOCK_KEY = 0x7472_7563_6553L;
    private static final Duration RETRY = Duration.ofMillis(50);

    private final AuditRepository repository;
    private final TransactionOperations<Connection> transactions;
    private final int batchSize;
    private final Counter sealedRows;
    private volatile boolean failing;

    AuditSealer(AuditRepository repository, TransactionOperations<Connection> transactions, MeterRegistry meters,
                @Value("${trucewatch.audit.seal-batch:1000}") int batchSize) {
        this.repository = repository;
        this.transactions = transactions;
        this.batchSize = batchSize;
        this.sealedRows = meters.counter("trucewatch.audit.sealed");
    }

    @Scheduled(fixedDelay = "${trucewatch.audit.seal-interval:200ms}",
            initialDelay = "${trucewatch.audit.seal-interval:200ms}")
    void run() {
        try {
            sealPending();
            if (failing) {
                failing = false;
                LOG.info("audit sealing works again");
            }
        } catch (RuntimeException e) {
            // Once per outage, not every interval: the rows wait, unsealed and safe, for the next turn.
            if (!failing) {
                failing = true;
                LOG.warn("audit sealing failed, retrying every interval: {}", e.toString());
            }
        }
    }

    /**
     * Seals every row committed and unsealed now, a batch per transaction; returns how many
     * this call sealed (0 when another sealer holds the lock: it seals them).
     */
    public long sealPending() {
        long total = 0;
        while (true) {
            int sealed = sealBatch();
            if (sealed > 0) {
                sealedRows.increment(sealed);
                total += sealed;
            }
            if (sealed < batchSize) {
                return total;
            }
        }
    }

    /**
     * Seals every row committed and unsealed when called, by this call or by whichever sealer
     * holds the lock meanwhile, waiting up to {@code patience}; false if some are still
     * unsealed then (a sealer that fails, or a session that holds its lock).
     */
    public boolean sealCommitted(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        long upTo = repository.newestUnsealedSeq();
        while (true) {
            sealPending();
            if (!repository.anyUnsealedUpTo(upTo)) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** One seal transaction, never the caller's: how many rows it sealed, -1 if another sealer is at work. */
    private int sealBatch() {
        return transactions.execute(TransactionDefinition.of(TransactionDefinition.Propagation.REQUIRES_NEW), status -> {
            if (!repository.tryLockSealer()) {
                return -1;
            }
            AuditRepository.Head head = repository.head();
            List<AuditEvent> rows = repository.unsealed(batchSize);
            List<AuditEvent> sealed = new ArrayList<>(rows.size());
            long position = head.position();
            String prev = head.hash();
            for (AuditEvent e : rows) {
                String hash = AuditCanonicalForm.hash(prev, e.at(), e.actor(), e.action(), e.targetType(), e.targetId(),
                        e.beforeDigest(), e.afterDigest(), e.details());
                sealed.add(new AuditEvent(e.seq(), e.at(), e.actor(), e.action(), e.targetType(), e.targetId(),
                        e.beforeDigest(), e.afterDigest(), e.details(), ++position, prev, hash));
                prev = hash;
            }
            if (!sealed.isEmpty()) {
                repository.seal(sealed);
            }
            return sealed.size();
        });
    }
}

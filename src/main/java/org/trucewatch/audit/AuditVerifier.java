package org.trucewatch.audit;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * Walks the audit chain in chain order from position 1 and names the first broken link: a row
 * whose content no longer matches its hash (altered), or whose {@code prev_hash} is not the
 * hash of the row before it, or whose position is not the next one (a row removed, inserted
 * or reordered). Then counts the rows not sealed yet and warns about those older than
 * {@code trucewatch.audit.unsealed-alarm}.
 */
@Singleton
public class AuditVerifier {
    private final AuditRepository repository;
    private final Clock clock;
    private final Duration unsealedAlarm;

    AuditVerifier(AuditRepository repository, Clock clock,
                  @Value("${trucewatch.audit.unsealed-alarm:10s}") Duration unsealedAlarm) {
        this.repository = repository;
        this.clock = clock;
        this.unsealedAlarm = unsealedAlarm;
    }

    @Transactional(readOnly = true)
    public ChainVerification verify() {
        var state = new Object() {
            String expectedPrev = AuditCanonicalForm.GENESIS;
            long checked;
            Long broken;
            String reason;
        };
        repository.forEachInChainOrder(e -> {
            if (state.broken != null) {
                return;
            }
            state.checked++;
            if (!state.expectedPrev.equals(e.prevHash())) {
                state.broken = e.seq();
                state.reason = "row " + e.seq() + " does not follow the row before it: a row was removed, "
                        + "inserted or altered before it";
            } else if (e.chainPosition() != state.checked) {
                state.broken = e.seq();
                state.reason = "row " + e.seq() + " is at chain position " + e.chainPosition() + " where "
                        + state.checked + " was expected: a row was removed or the chain renumbered";
            } else if (!AuditCanonicalForm.hash(e).equals(e.hash())) {
                state.broken = e.seq();
                state.reason = "row " + e.seq() + " (" + e.action() + ") was altered: its content no longer matches its hash";
            }
            state.expectedPrev = e.hash();
        });
        AuditRepository.Unsealed unsealed = repository.unsealedSummary(clock.instant().minus(unsealedAlarm));
        String warning = unsealed.overdue() == 0 ? null : unsealed.overdue() + " audit event(s) appended more than "
                + describe(unsealedAlarm) + " ago are not sealed yet (the oldest: row " + unsealed.oldestSeq()
                + " of " + unsealed.oldestAt() + "): no sealer is running, or something holds the sealer's lock";
        return state.broken == null
                ? new ChainVerification(true, state.checked, state.expectedPrev, null, null, unsealed.rows(),
                        unsealed.overdue(), unsealed.oldestSeq(), unsealed.oldestAt(), warning)
                : new ChainVerification(false, state.checked, null, state.broken, state.reason, unsealed.rows(),
                        unsealed.overdue(), unsealed.oldestSeq(), unsealed.oldestAt(), warning);
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}

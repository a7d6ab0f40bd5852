package org.trucewatch.audit;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

/**
 * Walks the audit chain from the first row and names the first broken link: a row whose
 * content no longer matches its hash (altered), or whose {@code prev_hash} is not the hash
 * of the row before it (a row removed, inserted or reordered).
 */
@Singleton
public class AuditVerifier {
    private final AuditRepository repository;

    AuditVerifier(AuditRepository repository) {
        this.repository = repository;
    }

    @Transactional(readOnly = true)
    public ChainVerification verify() {
        var state = new Object() {
            String expectedPrev = AuditCanonicalForm.GENESIS;
            long checked;
            Long broken;
            String reason;
        };
        repository.forEachInOrder(e -> {
            if (state.broken != null) {
                return;
            }
            state.checked++;
            if (!e.prevHash().equals(state.expectedPrev)) {
                state.broken = e.seq();
                state.reason = "row " + e.seq() + " does not follow the row before it: a row was removed, "
                        + "inserted or altered before it";
            } else if (!AuditCanonicalForm.hash(e).equals(e.hash())) {
                state.broken = e.seq();
                state.reason = "row " + e.seq() + " (" + e.action() + ") was altered: its content no longer matches its hash";
            }
            state.expectedPrev = e.hash();
        });
        return state.broken == null
                ? new ChainVerification(true, state.checked, state.expectedPrev, null, null)
                : new ChainVerification(false, state.checked, null, state.broken, state.reason);
    }
}

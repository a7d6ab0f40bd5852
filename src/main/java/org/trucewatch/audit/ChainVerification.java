package org.trucewatch.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The result of walking the audit chain: how many sealed rows were checked, the newest hash
 * (worth publishing, e.g. in meeting minutes, so that cutting the chain's tail is also
 * detectable), and the first broken link if any. Besides, the rows not sealed yet: how many,
 * how many of them were appended longer ago than the alarm bound
 * ({@code trucewatch.audit.unsealed-alarm}), the oldest one, and a {@code warning} when any is
 * overdue. An overdue row is not a broken chain (nothing was altered), but a sealer that has
 * stopped: until it runs again, those events have no place in the chain.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainVerification(boolean intact, long rowsChecked, String headHash, Long firstBrokenSeq, String reason,
                                long unsealedRows, long overdueUnsealedRows, Long oldestUnsealedSeq,
                                Instant oldestUnsealedAt, String warning) {

    /** True when any row has waited for its seal longer than the alarm bound. */
    public boolean sealingOverdue() {
        return overdueUnsealedRows > 0;
    }
}

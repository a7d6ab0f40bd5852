package org.trucewatch.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The result of walking the audit chain: how many rows were checked, the newest hash (worth
 * publishing, e.g. in meeting minutes, so that cutting the chain's tail is also detectable),
 * and the first broken link if any.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainVerification(boolean intact, long rowsChecked, String headHash, Long firstBrokenSeq, String reason) {
}

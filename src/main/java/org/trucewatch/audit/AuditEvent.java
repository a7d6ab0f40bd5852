package org.trucewatch.audit;

import java.time.Instant;

/** One stored row of the audit log, with its place in the hash chain. */
public record AuditEvent(long seq, Instant at, String actor, String action, String targetType, String targetId,
                         String beforeDigest, String afterDigest, String details, String prevHash, String hash) {
}

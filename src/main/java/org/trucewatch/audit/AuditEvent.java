package org.trucewatch.audit;

import java.time.Instant;

/**
 * One stored row of the audit log. {@code seq} is its identity, drawn at append;
 * {@code chainPosition}, {@code prevHash} and {@code hash} are its place in the hash chain,
 * null until the sealer has sealed it (shortly after its transaction commits).
 */
public record AuditEvent(long seq, Instant at, String actor, String action, String targetType, String targetId,
                         String beforeDigest, String afterDigest, String details, Long chainPosition, String prevHash,
                         String hash) {
}

package org.trucewatch.audit;

/**
 * What happened, to be appended to the audit log: who ({@code actor}), what
 * ({@code action}, {@code noun.verb} such as {@code report.create}), to what
 * ({@code targetType}, {@code targetId}), and SHA-256 digests of the target before and
 * after (hex; null where there is no before or after). {@code details} is a short JSON
 * object, never confidential content.
 */
public record AuditRecord(String actor, String action, String targetType, String targetId,
                          String beforeDigest, String afterDigest, String details) {

    public static AuditRecord of(String actor, String action, String targetType, String targetId) {
        return new AuditRecord(actor, action, targetType, targetId, null, null, null);
    }

    public AuditRecord withDigests(String before, String after) {
        return new AuditRecord(actor, action, targetType, targetId, before, after, details);
    }

    public AuditRecord withDetails(String json) {
        return new AuditRecord(actor, action, targetType, targetId, beforeDigest, afterDigest, json);
    }
}

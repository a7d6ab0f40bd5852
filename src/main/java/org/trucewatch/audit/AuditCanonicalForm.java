package org.trucewatch.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The bytes each audit row's hash covers: SHA-256 over the previous row's hash, a newline,
 * and a JSON array of the row's fields in a fixed order (time at the microsecond PostgreSQL
 * keeps). Changing this breaks every stored chain: it is versioned by the leading "v1".
 */
public final class AuditCanonicalForm {
    public static final String GENESIS = "0".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditCanonicalForm() {
    }

    static String hash(String prevHash, Instant at, String actor, String action, String targetType, String targetId,
                       String beforeDigest, String afterDigest, String details) {
        try {
            String row = JSON.writeValueAsString(Arrays.asList("v1", at.truncatedTo(ChronoUnit.MICROS).toString(),
                    actor, action, targetType, targetId, beforeDigest, afterDigest, details));
            return sha256Hex(prevHash + "\n" + row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hash(AuditEvent e) {
        return hash(e.prevHash(), e.at(), e.actor(), e.action(), e.targetType(), e.targetId(), e.beforeDigest(),
                e.afterDigest(), e.details());
    }

    /** SHA-256 in lower-case hex, for digests of targets and attachments. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }
}

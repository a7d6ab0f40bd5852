package org.trucewatch.forms;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One file part of a submission: its file name (as the instance refers to it), type, bytes and SHA-256. */
record MediaPart(String name, String contentType, byte[] bytes, byte[] sha256) {

    static MediaPart of(String name, String contentType, byte[] bytes) {
        try {
            return new MediaPart(name, contentType == null ? "application/octet-stream" : contentType, bytes,
                    MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }
}

package org.trucewatch.intake;

/**
 * Where the information came from, graded on the NATO AJP-2.1 scales (reliability A–F of the
 * source, credibility 1–6 of the information). {@code identity} and {@code notes} are
 * confidential: only the chair's staff may read them.
 */
public record ReportSource(String type, String reliability, Integer credibility, String identity, String notes) {
    public static final String DEFAULT_TYPE = "DIRECT_OBSERVATION";
}

package org.trucewatch.mechanisms;

/**
 * What the mechanism found. A confirmed violation is attributed to a party when it can be
 * ({@link #VIOLATION_CONFIRMED} with a party), or recorded as {@link #VIOLATION_UNATTRIBUTED}.
 */
public enum Finding {
    VIOLATION_CONFIRMED, VIOLATION_UNATTRIBUTED, NO_VIOLATION, INCONCLUSIVE, NOT_VERIFIABLE;

    public String code() {
        return name().toLowerCase();
    }

    public static Finding of(String code) {
        return valueOf(code.toUpperCase());
    }
}

package org.trucewatch.mechanisms;

/**
 * The severity scale of categories and violation rules in a protocol, and so of incidents:
 * whole numbers from {@link #MIN} (least severe) to {@link #MAX}.
 */
public final class Severity {
    public static final int MIN = 1;
    public static final int MAX = 5;

    private Severity() {
    }

    public static boolean isValid(int severity) {
        return severity >= MIN && severity <= MAX;
    }

    /** What a protocol file is told when a severity is off the scale. */
    static String rule() {
        return "must be " + MIN + " to " + MAX;
    }
}

package org.trucewatch.intake;

/** Casualties as reported; {@code null} means "not reported", which is not the same as 0. */
public record Casualties(Integer civiliansKilled, Integer civiliansInjured,
                        Integer combatantsKilled, Integer combatantsInjured) {
    public static final Casualties NOT_REPORTED = new Casualties(null, null, null, null);

    public boolean isReported() {
        return civiliansKilled != null || civiliansInjured != null || combatantsKilled != null || combatantsInjured != null;
    }
}

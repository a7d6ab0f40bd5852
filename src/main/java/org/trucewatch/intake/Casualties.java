package org.trucewatch.intake;

/**
 * Casualties as reported; {@code null} means "not reported", which is not the same as 0.
 * {@code killed} and {@code injured} break the figures down by sex and age group where the
 * monitor recorded them (women, men, girls, boys), as the mechanisms' reports disaggregate.
 */
public record Casualties(Integer civiliansKilled, Integer civiliansInjured,
                        Integer combatantsKilled, Integer combatantsInjured, SexAge killed, SexAge injured) {
    public static final Casualties NOT_REPORTED = new Casualties(null, null, null, null);

    public Casualties {
        killed = killed == null ? SexAge.NOT_RECORDED : killed;
        injured = injured == null ? SexAge.NOT_RECORDED : injured;
    }

    public Casualties(Integer civiliansKilled, Integer civiliansInjured, Integer combatantsKilled, Integer combatantsInjured) {
        this(civiliansKilled, civiliansInjured, combatantsKilled, combatantsInjured, null, null);
    }

    public boolean isReported() {
        return civiliansKilled != null || civiliansInjured != null || combatantsKilled != null || combatantsInjured != null
                || killed.isRecorded() || injured.isRecorded();
    }

    /** People by sex and age group; each {@code null} when not recorded. */
    public record SexAge(Integer women, Integer men, Integer girls, Integer boys) {
        public static final SexAge NOT_RECORDED = new SexAge(null, null, null, null);

        public boolean isRecorded() {
            return women != null || men != null || girls != null || boys != null;
        }

        /** The sum of the recorded groups (0 when none is). */
        public int sum() {
            return (women == null ? 0 : women) + (men == null ? 0 : men) + (girls == null ? 0 : girls) + (boys == null ? 0 : boys);
        }
    }
}

package org.trucewatch.reports;

import java.util.Arrays;
import java.util.List;

/**
 * What is counted in each group (docs/reports.md, "What is counted"), as aggregate SQL over
 * {@code incident_statistics_v}, one row per incident, whose figures are already the largest
 * any linked report gives. Null figures (not reported) add nothing. An incident whose reports
 * give no event count is one event.
 */
enum Measure {
    INCIDENTS("incidents", null, true),
    EVENTS("events", "CASE WHEN s.id IS NULL THEN 0 ELSE coalesce(s.event_count, 1) END", true),
    KILLED("killed", "coalesce(s.civilians_killed, 0) + coalesce(s.combatants_killed, 0)", true),
    INJURED("injured", "coalesce(s.civilians_injured, 0) + coalesce(s.combatants_injured, 0)", true),
    CIVILIANS_KILLED("civiliansKilled", "s.civilians_killed", false),
    CIVILIANS_INJURED("civiliansInjured", "s.civilians_injured", false),
    COMBATANTS_KILLED("combatantsKilled", "s.combatants_killed", false),
    COMBATANTS_INJURED("combatantsInjured", "s.combatants_injured", false),
    WOMEN_KILLED("womenKilled", "s.women_killed", false),
    MEN_KILLED("menKilled", "s.men_killed", false),
    GIRLS_KILLED("girlsKilled", "s.girls_killed", false),
    BOYS_KILLED("boysKilled", "s.boys_killed", false),
    WOMEN_INJURED("womenInjured", "s.women_injured", false),
    MEN_INJURED("menInjured", "s.men_injured", false),
    GIRLS_INJURED("girlsInjured", "s.girls_injured", false),
    BOYS_INJURED("boysInjured", "s.boys_injured", false);

    private final String code;
    /** What is summed over the group's incidents; null: the incidents are counted. */
    private final String summed;
    private final boolean forPublic;

    Measure(String code, String summed, boolean forPublic) {
        this.code = code;
        this.summed = summed;
        this.forPublic = forPublic;
    }

    String code() {
        return code;
    }

    /** The aggregate over a group's incident rows: their count, or the sum of the figure (NULL over none). */
    String sql() {
        return summed == null ? "count(s.id)" : "sum(" + summed + ")";
    }

    /**
     * The public sees incidents, events, killed and injured only: the finer casualty figures are
     * tied to those by sums (civilians + combatants = killed), so suppressing each table alone
     * would not protect them (docs/security.md, "Numbers").
     */
    static List<Measure> forAudience(boolean publicAudience) {
        return Arrays.stream(values()).filter(m -> !publicAudience || m.forPublic).toList();
    }
}

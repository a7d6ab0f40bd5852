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
    INCIDENTS("incidents", "count(s.id)", true),
    EVENTS("events", "coalesce(sum(CASE WHEN s.id IS NULL THEN 0 ELSE coalesce(s.event_count, 1) END), 0)", true),
    KILLED("killed", "coalesce(sum(coalesce(s.civilians_killed, 0) + coalesce(s.combatants_killed, 0)), 0)", true),
    INJURED("injured", "coalesce(sum(coalesce(s.civilians_injured, 0) + coalesce(s.combatants_injured, 0)), 0)", true),
    CIVILIANS_KILLED("civiliansKilled", sum("civilians_killed"), false),
    CIVILIANS_INJURED("civiliansInjured", sum("civilians_injured"), false),
    COMBATANTS_KILLED("combatantsKilled", sum("combatants_killed"), false),
    COMBATANTS_INJURED("combatantsInjured", sum("combatants_injured"), false),
    WOMEN_KILLED("womenKilled", sum("women_killed"), false),
    MEN_KILLED("menKilled", sum("men_killed"), false),
    GIRLS_KILLED("girlsKilled", sum("girls_killed"), false),
    BOYS_KILLED("boysKilled", sum("boys_killed"), false),
    WOMEN_INJURED("womenInjured", sum("women_injured"), false),
    MEN_INJURED("menInjured", sum("men_injured"), false),
    GIRLS_INJURED("girlsInjured", sum("girls_injured"), false),
    BOYS_INJURED("boysInjured", sum("boys_injured"), false);

    private final String code;
    private final String sql;
    private final boolean forPublic;

    Measure(String code, String sql, boolean forPublic) {
        this.code = code;
        this.sql = sql;
        this.forPublic = forPublic;
    }

    private static String sum(String column) {
        return "coalesce(sum(s." + column + "), 0)";
    }

    String code() {
        return code;
    }

    String sql() {
        return sql;
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

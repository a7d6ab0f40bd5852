package org.trucewatch.reports;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What statistics may be grouped by (docs/reports.md, "Groupings"), each with the SQL
 * expression that names a group. The period is grouped by apart ({@link PeriodUnit}); the
 * other expressions are constants of this class over {@code incident_statistics_v} ({@code s})
 * and the lateral joins {@link StatisticsSql} adds for zones and alleged parties.
 */
enum Dimension {
    PERIOD("period", null),
    CATEGORY("category", "s.category"),
    /** An incident alleged against two parties counts once under each (and once in the total). */
    PARTY("party", "ap.party"),
    /** The zones the incident's first report lies inside; one incident may be in several (and counts once in the total). */
    ZONE("zone", "zz.zone_code"),
    ZONE_TYPE("zoneType", "zz.zone_type"),
    LEVEL("level", "s.level_code"),
    TEAM("team", "s.team_code"),
    STATUS("status", "s.status"),
    FINDING("finding", "s.finding"),
    ATTRIBUTED_PARTY("attributedParty", "s.finding_party");

    private final String code;
    private final String sql;

    Dimension(String code, String sql) {
        this.code = code;
        this.sql = sql;
    }

    String code() {
        return code;
    }

    String sql() {
        return sql;
    }

    static Optional<Dimension> of(String code) {
        return Arrays.stream(values()).filter(d -> d.code.equals(code)).findFirst();
    }

    static List<String> codes() {
        return Arrays.stream(values()).filter(d -> d != PERIOD).map(Dimension::code).toList();
    }
}

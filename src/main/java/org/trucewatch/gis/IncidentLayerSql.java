package org.trucewatch.gis;

import java.time.Instant;
import org.trucewatch.access.AccessScope;

/**
 * The incidents layer's SQL. It reads {@code incident_layer_v}, the read model the mechanisms
 * define for it (migration V23: the violated rules unpacked, the report count and largest
 * event count; V110: the alleged parties and the zones of the first report, as the statistics
 * group by them), through the caller's access scope, each row with its visibility.
 */
final class IncidentLayerSql {
    static final String VIEW = "incident_layer_v";
    static final LayerSql SQL = new LayerSql("id, mechanism_code, level_code, team_code, status, category, severity, "
            + "violation_rules, deadline, observed_at, observed_until, finding, finding_party, claimed_by, assigned_to, "
            + "created_at, report_count, max_event_count, alleged_parties, zone_codes, visibility", "id", "id = ?",
            LayerSql.filters("category", "category", "status", "status", "finding", "finding", "mechanism", "mechanism_code"),
            LayerTime.observed("observed_at", "observed_until"));

    private IncidentLayerSql() {
    }

    static LayerSource source(AccessScope scope, Instant now) {
        return new LayerSource(SQL, scope.incidents(VIEW, "incident"), now);
    }
}

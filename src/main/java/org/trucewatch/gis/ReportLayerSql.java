package org.trucewatch.gis;

import java.time.Instant;
import org.trucewatch.access.AccessScope;

/**
 * The reports layer's SQL. It reads {@code report_layer_v}, the read model intake defines for
 * it (migration V22), through the caller's access scope, each row with its visibility.
 */
final class ReportLayerSql {
    static final String VIEW = "report_layer_v";
    static final LayerSql SQL = new LayerSql("id, observed_at, observed_utc_offset_s, observed_until, time_precision, "
            + "location_accuracy_m, bearing_deg, estimated_distance_m, category, description, alleged_parties, "
            + "civilians_killed, civilians_injured, combatants_killed, combatants_injured, event_count, source_type, "
            + "source_reliability, source_credibility, source_identity, source_notes, mechanism_code, received_at, "
            + "submitted_by, taxonomy_version, visibility", "id", "id = ?",
            LayerSql.filters("category", "category", "mechanism", "mechanism_code"),
            LayerTime.observed("observed_at", "observed_until"));

    private ReportLayerSql() {
    }

    static LayerSource source(AccessScope scope, Instant now) {
        return new LayerSource(SQL, scope.reports(VIEW, "report"), now);
    }
}

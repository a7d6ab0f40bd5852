package org.trucewatch.gis;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.trucewatch.access.SqlFragment;

/**
 * The zones layer's SQL. It reads {@code zone_layer_v}, the read model the zones package
 * defines for it (migration V24): one row per zone version, keyed {@code code@version} in
 * byte order, of the caller's mechanisms (every mechanism for admins).
 */
final class ZoneLayerSql {
    static final LayerSql SQL = new LayerSql("code, type, mechanism_code, version, name_en, valid_from, valid_to, "
            + "party, security_zone_m, near_line_m, team, level", "key", "code = ? AND version = ?",
            LayerSql.filters("type", "type", "mechanism", "mechanism_code"), LayerTime.valid("valid_from", "valid_to"));

    private ZoneLayerSql() {
    }

    /** {@code mechanisms} null: every mechanism (admins). */
    static LayerSource source(Collection<String> mechanisms, Instant now) {
        SqlFragment from = mechanisms == null ? new SqlFragment("zone_layer_v z", List.of())
                : new SqlFragment("(SELECT * FROM zone_layer_v WHERE mechanism_code = ANY(?)) z",
                        List.of((Object) mechanisms.toArray(String[]::new)));
        return new LayerSource(SQL, from, now);
    }
}

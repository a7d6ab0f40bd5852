package org.trucewatch.gis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.trucewatch.access.Redactor;
import org.trucewatch.access.Shape;
import org.trucewatch.access.Visibility;

/**
 * A {@code report} row as a {@link LayerFeature}: flat attributes, the caller's
 * {@link Visibility} deciding whether the confidential ones are there at all.
 */
final class ReportLayerRows {
    private ReportLayerRows() {
    }

    /** The row (read through the access policy's scope, with its visibility) as the reader may see it. */
    static LayerFeature feature(ResultSet rs, byte[] bytes, Crs crs, Redactor redactor, WKBReader wkb)
            throws SQLException {
        Visibility visibility = Visibility.valueOf(rs.getString("visibility"));
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(rs.getInt("observed_utc_offset_s"));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("observedAt", rs.getObject("observed_at", OffsetDateTime.class).withOffsetSameInstant(offset));
        OffsetDateTime until = rs.getObject("observed_until", OffsetDateTime.class);
        p.put("observedUntil", until == null ? null : until.withOffsetSameInstant(offset));
        p.put("timePrecision", rs.getString("time_precision"));
        p.put("locationAccuracyM", rs.getObject("location_accuracy_m", Double.class));
        p.put("bearingDeg", rs.getObject("bearing_deg", Double.class));
        p.put("estimatedDistanceM", rs.getObject("estimated_distance_m", Double.class));
        p.put("category", rs.getString("category"));
        p.put("description", rs.getString("description"));
        String[] parties = (String[]) rs.getArray("alleged_parties").getArray();
        p.put("allegedParties", parties.length == 0 ? null : String.join(",", parties));
        p.put("civiliansKilled", whole(rs, "civilians_killed"));
        p.put("civiliansInjured", whole(rs, "civilians_injured"));
        p.put("combatantsKilled", whole(rs, "combatants_killed"));
        p.put("combatantsInjured", whole(rs, "combatants_injured"));
        p.put("count", whole(rs, "event_count"));
        p.put("sourceType", rs.getString("source_type"));
        p.put("sourceReliability", rs.getString("source_reliability"));
        p.put("sourceCredibility", whole(rs, "source_credibility"));
        p.put("sourceIdentity", rs.getString("source_identity"));
        p.put("sourceNotes", rs.getString("source_notes"));
        p.put("mechanism", rs.getString("mechanism_code"));
        p.put("receivedAt", rs.getObject("received_at", OffsetDateTime.class));
        p.put("submittedBy", rs.getString("submitted_by"));
        p.put("taxonomyVersion", rs.getString("taxonomy_version"));
        p.values().removeIf(v -> v == null);
        return new LayerFeature(rs.getObject("id", UUID.class).toString(), geometry(bytes, crs, wkb),
                redactor.redact(Shape.REPORT_ATTRIBUTES, visibility, p));
    }

    private static Long whole(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Geometry geometry(byte[] bytes, Crs crs, WKBReader wkb) {
        if (bytes == null) {
            return null;
        }
        try {
            Geometry g = wkb.read(bytes);
            if (g.isEmpty()) {
                return null;
            }
            g.setSRID(crs.srid());
            if (crs.latitudeFirst()) {
                g.apply(AxisSwap.INSTANCE);
            }
            return g;
        } catch (ParseException e) {
            throw new IllegalStateException("PostGIS returned unreadable WKB", e);
        }
    }
}

package org.trucewatch.gis;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Redactor;
import org.trucewatch.access.Shape;
import org.trucewatch.taxonomy.Taxonomy;

/**
 * Field reports as a layer: one feature per report the caller may see, flat attributes
 * (arrays joined with commas, casualties as four columns), confidential fields only in a
 * {@link org.trucewatch.access.Visibility#FULL} view, exactly as {@code GET /api/v1/reports} decides it.
 */
@Singleton
public class ReportLayer extends ScopedLayer {
    static final List<LayerField> PUBLIC_HEAD = List.of(
            LayerField.time("observedAt", "obs_at", "Observed at"),
            LayerField.time("observedUntil", "obs_until", "Observed until"),
            LayerField.text("localOffset", "local_off", "The monitor's UTC offset at the observation (e.g. +02:00)"),
            LayerField.text("timePrecision", "time_prec", "Time precision"),
            LayerField.decimal("locationAccuracyM", "loc_acc_m", "Location accuracy (m)"),
            LayerField.decimal("bearingDeg", "bearing", "Bearing from the observer (degrees)"),
            LayerField.decimal("estimatedDistanceM", "dist_m", "Estimated distance (m)"),
            LayerField.text("category", "category", "Category"),
            LayerField.longText("description", "descr", "Description"),
            LayerField.longText("allegedParties", "parties", "Alleged parties (comma-separated)"),
            LayerField.integer("civiliansKilled", "civ_killed", "Civilians killed"),
            LayerField.integer("civiliansInjured", "civ_injurd", "Civilians injured"),
            LayerField.integer("combatantsKilled", "cmb_killed", "Combatants killed"),
            LayerField.integer("combatantsInjured", "cmb_injurd", "Combatants injured"),
            LayerField.integer("count", "evt_count", "Number of events"),
            LayerField.text("sourceType", "src_type", "Source type"),
            LayerField.text("sourceReliability", "src_rel", "Source reliability (A-F)"),
            LayerField.integer("sourceCredibility", "src_cred", "Information credibility (1-6)"));
    static final List<LayerField> TAIL = List.of(
            LayerField.longText("sourceIdentity", "src_ident", "Source identity (confidential)"),
            LayerField.longText("sourceNotes", "src_notes", "Source notes (confidential)"),
            LayerField.text("mechanism", "mechanism", "Mechanism"),
            LayerField.time("receivedAt", "recv_at", "Received at"),
            LayerField.text("submittedBy", "submit_by", "Submitted by (confidential)"),
            LayerField.text("taxonomyVersion", "tax_ver", "Taxonomy version"));

    private final Map<String, Map<String, String>> labels;

    ReportLayer(LayerRepository rows, AccessPolicy policy, Redactor redactor, Clock clock, Taxonomy taxonomy) {
        super(rows, clock, policy, redactor, Shape.REPORT_ATTRIBUTES, ReportLayerSql.SQL, "reports", "Field reports",
                "Reports of ceasefire violations as field monitors submitted them; confidential source details "
                + "only for the chair's staff and the report's author.");
        JsonNode doc = taxonomy.document();
        labels = Map.of("category", CodeLabels.of(doc.path("categories")),
                "timePrecision", CodeLabels.of(doc.path("timePrecisions")),
                "sourceType", CodeLabels.of(doc.path("sourceTypes")),
                "sourceReliability", CodeLabels.of(doc.path("sourceReliability").path("values")));
    }

    /** Categories: only those the reader may name; the taxonomy's other code lists whole. */
    @Override
    public Map<String, String> codes(String field, Principal principal) {
        if ("category".equals(field)) {
            return CodeLabels.only(allowedValues(field, principal), labels.get(field));
        }
        return labels.getOrDefault(field, Map.of());
    }

    @Override
    List<LayerField> allFields() {
        List<LayerField> fields = new ArrayList<>(PUBLIC_HEAD);
        fields.addAll(TAIL);
        return fields;
    }

    /**
     * Someone who monitors or chairs may see some reports in full (their own, their mechanism's);
     * delegates, GIS staff and admins never do, so their files do not even have the columns.
     */
    @Override
    boolean mayEverSeeFull(Principal principal) {
        return scope(principal).mayEverSeeFull();
    }

    @Override
    public LayerTimeFields timeFields() {
        return new LayerTimeFields("observedAt", "observedUntil", false);
    }

    @Override
    public List<String> styleFields() {
        return List.of("category");
    }

    @Override
    LayerSource source(Principal principal, Instant now) {
        return ReportLayerSql.source(scope(principal), now);
    }

    @Override
    Map<String, Object> attributes(ResultSet rs, Instant now) throws SQLException {
        // Times in UTC in every outlet (QGIS drops offsets; files are UTC); the monitor's own offset is a field.
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(rs.getInt("observed_utc_offset_s"));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("observedAt", rs.getObject("observed_at", OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC));
        OffsetDateTime until = rs.getObject("observed_until", OffsetDateTime.class);
        p.put("observedUntil", until == null ? null : until.withOffsetSameInstant(ZoneOffset.UTC));
        p.put("localOffset", offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId());
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
        return p;
    }

    private static Long whole(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}

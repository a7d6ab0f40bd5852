package org.trucewatch.gis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.trucewatch.gis.cql2.Queryable;

/**
 * What a CQL2 filter may name on each layer (OGC API Features Part 3 queryables): a field of
 * the reader's schema ({@link Layer#fields}, so a confidential field is no queryable for a
 * reader who never sees it) mapped to the SQL expression over the layer's read model that
 * gives the value the feature shows. A confidential field reads as null on rows the reader
 * sees redacted, so a filter cannot tell its value there. Fields whose value is computed in
 * Java (an incident's {@code queue}, {@code overdue}) are not queryable. Codes a record holds
 * several of ({@link #ARRAYS}) are array queryables: the features carry them comma-separated,
 * as every outlet can hold them, and filters test them with CQL2's array functions.
 */
final class LayerQueryables {
    static final String GEOMETRY = "geometry";
    /** A number the importer stored as text in the zone's properties; anything else reads as null. */
    private static final String NUMBER = "CASE WHEN %1$s ~ '^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$' THEN %1$s::double precision END";

    static final Map<String, String> REPORTS = Map.ofEntries(
            Map.entry("observedAt", "observed_at"), Map.entry("observedUntil", "observed_until"),
            Map.entry("timePrecision", "time_precision"), Map.entry("locationAccuracyM", "location_accuracy_m"),
            Map.entry("bearingDeg", "bearing_deg"), Map.entry("estimatedDistanceM", "estimated_distance_m"),
            Map.entry("category", "category"), Map.entry("description", "description"),
            Map.entry("allegedParties", "NULLIF(alleged_parties, '{}')"),
            Map.entry("civiliansKilled", "civilians_killed"), Map.entry("civiliansInjured", "civilians_injured"),
            Map.entry("combatantsKilled", "combatants_killed"), Map.entry("combatantsInjured", "combatants_injured"),
            Map.entry("count", "event_count"), Map.entry("sourceType", "source_type"),
            Map.entry("sourceReliability", "source_reliability"), Map.entry("sourceCredibility", "source_credibility"),
            Map.entry("sourceIdentity", "source_identity"), Map.entry("sourceNotes", "source_notes"),
            Map.entry("mechanism", "mechanism_code"), Map.entry("receivedAt", "received_at"),
            Map.entry("submittedBy", "submitted_by"), Map.entry("taxonomyVersion", "taxonomy_version"));

    static final Map<String, String> INCIDENTS = Map.ofEntries(
            Map.entry("mechanism", "mechanism_code"), Map.entry("level", "level_code"), Map.entry("team", "team_code"),
            Map.entry("status", "status"), Map.entry("category", "category"), Map.entry("severity", "severity"),
            Map.entry("violations", "violation_rules"), Map.entry("deadline", "deadline"),
            Map.entry("observedAt", "observed_at"), Map.entry("observedUntil", "observed_until"),
            Map.entry("finding", "finding"), Map.entry("findingParty", "finding_party"),
            Map.entry("reports", "report_count"), Map.entry("eventCount", "max_event_count"),
            Map.entry("createdAt", "created_at"), Map.entry("claimedBy", "claimed_by"),
            Map.entry("assignedTo", "assigned_to"), Map.entry("allegedParties", "alleged_parties"),
            Map.entry("zones", "zone_codes"));

    static final Map<String, String> ZONES = Map.ofEntries(
            Map.entry("code", "code"), Map.entry("type", "type"), Map.entry("mechanism", "mechanism_code"),
            Map.entry("version", "version"), Map.entry("name", "name_en"), Map.entry("validFrom", "valid_from"),
            Map.entry("validTo", "valid_to"), Map.entry("party", "party"),
            Map.entry("securityZoneM", NUMBER.formatted("security_zone_m")),
            Map.entry("nearLineM", NUMBER.formatted("near_line_m")), Map.entry("team", "team"), Map.entry("level", "level"));

    /**
     * The fields, on any layer, whose column is a {@code text[]} of codes (null when there are none):
     * the parties a report or incident is alleged against, the zones an incident's first report lies inside.
     */
    static final Set<String> ARRAYS = Set.of("allegedParties", "zones");

    private LayerQueryables() {
    }

    /** The columns of a layer's fields, by the layer's read model; empty for a layer without queryables. */
    static Map<String, String> columns(Layer layer) {
        if (layer instanceof ReportLayer) {
            return REPORTS;
        }
        if (layer instanceof IncidentLayer) {
            return INCIDENTS;
        }
        if (layer instanceof ZoneLayer) {
            return ZONES;
        }
        return Map.of();
    }

    /**
     * The geometry, then the reader's fields that have a column, in schema order; the
     * {@code confidential} ones read only on rows the reader sees in full.
     */
    static List<Queryable> of(Layer layer, List<LayerField> fields, Set<String> confidential) {
        Map<String, String> columns = columns(layer);
        List<Queryable> out = new ArrayList<>();
        if (columns.isEmpty()) {
            return out;
        }
        out.add(new Queryable(GEOMETRY, Queryable.Type.GEOMETRY, "geom", "Geometry"));
        for (LayerField f : fields) {
            String column = columns.get(f.name());
            if (column == null) {
                continue;
            }
            if (confidential.contains(f.name())) {
                column = "CASE WHEN visibility = 'FULL' THEN " + column + " END";
            }
            out.add(new Queryable(f.name(), ARRAYS.contains(f.name()) ? Queryable.Type.ARRAY : type(f.type()), column,
                    f.title()));
        }
        return out;
    }

    private static Queryable.Type type(LayerField.Type type) {
        return switch (type) {
            case STRING -> Queryable.Type.STRING;
            case INTEGER -> Queryable.Type.INTEGER;
            case DOUBLE -> Queryable.Type.NUMBER;
            case DATETIME -> Queryable.Type.DATETIME;
        };
    }
}

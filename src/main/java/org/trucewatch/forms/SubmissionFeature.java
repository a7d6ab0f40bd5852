package org.trucewatch.forms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * Turns a form instance into the GeoJSON Feature the JSON API accepts, so that a mobile
 * submission is validated by the very same {@code ReportFeatureReader} as a JSON report.
 * Values are copied as the device sent them (a number only when it parses as one), so a
 * bad value is refused by the shared checks with the same reason; their JSON pointers are
 * turned back into the form's paths ({@code /data/count}) for the OpenRosa message.
 */
final class SubmissionFeature {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** The groups casualties are recorded by, as the form names them ({@code women_killed}). */
    private static final List<String> SEX_AGE = List.of("women", "men", "girls", "boys");
    /** JSON pointer prefix → form path. */
    private static final Map<String, String> POINTERS = withSexAge(Map.ofEntries(
            Map.entry("/geometry", "location"), Map.entry("/properties/locationAccuracyM", "location"),
            Map.entry("/properties/observedAt", "observed_at"), Map.entry("/properties/category", "category"),
            Map.entry("/properties/allegedParties", "alleged_parties"), Map.entry("/properties/bearingDeg", "bearing"),
            Map.entry("/properties/estimatedDistanceM", "distance"), Map.entry("/properties/count", "count"),
            Map.entry("/properties/casualties/civiliansKilled", "civilians_killed"),
            Map.entry("/properties/casualties/civiliansInjured", "civilians_injured"),
            Map.entry("/properties/casualties/combatantsKilled", "combatants_killed"),
            Map.entry("/properties/casualties/combatantsInjured", "combatants_injured"),
            Map.entry("/properties/description", "description"), Map.entry("/properties/clientReportId", "meta/instanceID"),
            Map.entry("/properties/mechanism", "mechanism")));

    private SubmissionFeature() {
    }

    /** The casualties by sex and age group: {@code /properties/casualties/womenKilled} is {@code women_killed}. */
    private static Map<String, String> withSexAge(Map<String, String> pointers) {
        Map<String, String> all = new java.util.HashMap<>(pointers);
        for (String group : SEX_AGE) {
            all.put("/properties/casualties/" + group + "Killed", group + "_killed");
            all.put("/properties/casualties/" + group + "Injured", group + "_injured");
        }
        return Map.copyOf(all);
    }

    static String json(SubmissionInstance instance, String mechanism, ObjectMapper mapper) {
        ObjectNode feature = mapper.createObjectNode().put("type", "Feature");
        ObjectNode p = mapper.createObjectNode();
        feature.set("geometry", geopoint(instance.field("location"), p, mapper));
        feature.set("properties", p);
        p.put("clientReportId", uuidOf(instance.field("meta/instanceID")));
        put(p, "observedAt", instance.field("observed_at"), false);
        put(p, "category", instance.field("category"), false);
        String parties = instance.field("alleged_parties");
        if (parties != null) {
            WHITESPACE.splitAsStream(parties).forEach(p.putArray("allegedParties")::add);
        }
        put(p, "bearingDeg", instance.field("bearing"), true);
        put(p, "estimatedDistanceM", instance.field("distance"), true);
        put(p, "count", instance.field("count"), true);
        ObjectNode casualties = mapper.createObjectNode();
        put(casualties, "civiliansKilled", instance.field("civilians_killed"), true);
        put(casualties, "civiliansInjured", instance.field("civilians_injured"), true);
        put(casualties, "combatantsKilled", instance.field("combatants_killed"), true);
        put(casualties, "combatantsInjured", instance.field("combatants_injured"), true);
        for (String group : SEX_AGE) {
            put(casualties, group + "Killed", instance.field(group + "_killed"), true);
            put(casualties, group + "Injured", instance.field(group + "_injured"), true);
        }
        if (!casualties.isEmpty()) {
            p.set("casualties", casualties);
        }
        put(p, "description", instance.text("description"), false);
        p.put("mechanism", mechanism);
        return feature.toString();
    }

    /** ODK stores an instanceID as {@code uuid:<uuid>} (ODK XForms spec, "Metadata"); the UUID is the clientReportId. */
    static String uuidOf(String instanceId) {
        if (instanceId == null) {
            throw invalid("meta/instanceID", "is required");
        }
        return instanceId.startsWith("uuid:") ? instanceId.substring(5) : instanceId;
    }

    /** A geopoint is "lat lon [altitude [accuracy]]" (ODK XForms spec, "Data Types"); GeoJSON wants lon, lat. */
    private static ObjectNode geopoint(String value, ObjectNode properties, ObjectMapper mapper) {
        if (value == null) {
            throw invalid("location", "is required");
        }
        String[] parts = WHITESPACE.split(value);
        if (parts.length < 2 || parts.length > 4) {
            throw invalid("location", "must be a geopoint: latitude longitude [altitude [accuracy]]");
        }
        try {
            ObjectNode point = mapper.createObjectNode().put("type", "Point");
            point.putArray("coordinates").add(new BigDecimal(parts[1])).add(new BigDecimal(parts[0]));
            if (parts.length == 4) {
                properties.put("locationAccuracyM", new BigDecimal(parts[3]));
            }
            return point;
        } catch (NumberFormatException e) {
            throw invalid("location", "must be a geopoint: latitude longitude [altitude [accuracy]]");
        }
    }

    private static void put(ObjectNode node, String name, String value, boolean numeric) {
        if (value == null) {
            return;
        }
        if (numeric) {
            try {
                node.put(name, new BigDecimal(value));
                return;
            } catch (NumberFormatException e) {
                // Left as text: the shared checks refuse it with their usual reason.
            }
        }
        node.put(name, value);
    }

    /** The report checks' errors, pointing into the form instead of the JSON Feature. */
    static ProblemException inFormTerms(ProblemException e) {
        List<FieldError> errors = e.errors().stream().map(f -> FieldError.at(formPath(f.pointer()), f.detail())).toList();
        String detail = errors.isEmpty() ? e.getMessage()
                : errors.get(0).pointer() + ": " + errors.get(0).detail()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
        return new ProblemException(e.type(), detail, errors);
    }

    private static String formPath(String pointer) {
        if (pointer == null) {
            return null;
        }
        String best = null;
        for (String prefix : POINTERS.keySet()) {
            if (pointer.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? pointer : "/" + XFormBuilder.ROOT + "/" + POINTERS.get(best);
    }

    private static ProblemException invalid(String field, String detail) {
        String path = "/" + XFormBuilder.ROOT + "/" + field;
        return new ProblemException(ProblemType.INVALID_REPORT, path + ": " + detail, List.of(FieldError.at(path, detail)));
    }
}

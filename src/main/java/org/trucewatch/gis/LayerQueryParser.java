package org.trucewatch.gis;

import org.trucewatch.access.Principal;
import io.micronaut.http.HttpParameters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.trucewatch.geo.TimeInterval;
import org.trucewatch.gis.cql2.Cql2Filter;
import org.trucewatch.gis.cql2.Cql2Filters;
import org.trucewatch.problem.ProblemException;

/**
 * Parses the query string of a layer request once, into a {@link LayerQuery}: OGC API
 * Features items (OGC 17-069r4 §7.15, 18-058r1 §6) and the file exports, which take the same
 * filters without paging. Unknown, repeated or malformed parameters are 400 naming the parameter.
 */
public final class LayerQueryParser {
    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 10_000;
    private static final Set<String> PAGE = Set.of("bbox", "bbox-crs", "datetime", "limit", "crs", "cursor", "f",
            "filter", "filter-lang", "filter-crs");
    private static final Set<String> EXPORT = Set.of("bbox", "bbox-crs", "datetime", "filter", "filter-lang", "filter-crs");
    private static final Set<String> FEATURE = Set.of("crs", "f");

    private LayerQueryParser() {
    }

    /** {@code /ogc/collections/{id}/items}. */
    public static LayerQuery page(Layer layer, HttpParameters parameters, Principal principal) {
        check(parameters, PAGE, layer);
        return new LayerQuery(Crs.parse(parameters.get("bbox-crs"), "bbox-crs").toCrs84(parameters.get("bbox"), "bbox"),
                TimeInterval.parse(parameters.get("datetime"), "datetime"), properties(layer, parameters, principal),
                Crs.parse(parameters.get("crs"), "crs"), limit(parameters.get("limit")),
                Cursor.parse(parameters.get("cursor"), "cursor"), filter(layer, parameters, principal));
    }

    /** {@code /api/v1/exports/{layer}.{format}}: every matching feature, in CRS84. */
    public static LayerQuery export(Layer layer, HttpParameters parameters, Principal principal) {
        check(parameters, EXPORT, layer);
        return new LayerQuery(Crs.parse(parameters.get("bbox-crs"), "bbox-crs").toCrs84(parameters.get("bbox"), "bbox"),
                TimeInterval.parse(parameters.get("datetime"), "datetime"), properties(layer, parameters, principal),
                Crs.CRS84, 0, null, filter(layer, parameters, principal));
    }

    /** {@code /ogc/collections/{id}/items/{featureId}}: only the output CRS. */
    public static Crs feature(HttpParameters parameters) {
        check(parameters, FEATURE, null);
        return Crs.parse(parameters.get("crs"), "crs");
    }

    /**
     * Pages without features (landing page, collections, conformance) take only {@code f}. The
     * value of {@code f} is the web edge's to judge (gis.ogc.OgcFormat): which formats a
     * resource has is a question of its outlet, not of the query.
     */
    public static void none(HttpParameters parameters) {
        check(parameters, Set.of("f"), null);
    }

    private static void check(HttpParameters parameters, Set<String> known, Layer layer) {
        Set<String> all = new TreeSet<>(known);
        if (layer != null) {
            all.addAll(layer.propertyFilters());
        }
        for (String name : parameters.names()) {
            if (!all.contains(name)) {
                throw ProblemException.invalidParameter(name, "unknown parameter; known: " + String.join(", ", all));
            }
            if (parameters.getAll(name).size() > 1) {
                throw ProblemException.invalidParameter(name, "may be given only once");
            }
        }
    }

    private static Map<String, List<String>> properties(Layer layer, HttpParameters parameters, Principal principal) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (String name : layer.propertyFilters()) {
            String raw = parameters.get(name);
            if (raw == null || raw.isBlank()) {
                continue;
            }
            filters.put(name, codes(name, raw, layer.allowedValues(name, principal)));
        }
        return filters;
    }

    /**
     * The comma-separated codes of parameter {@code name}, each one of {@code allowed} (empty: any
     * non-empty code); a 400 naming the parameter otherwise. Shared by the layers and the map.
     */
    public static List<String> codes(String name, String raw, List<String> allowed) {
        List<String> codes = new ArrayList<>();
        for (String code : raw.split(",")) {
            String c = code.strip();
            if (c.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                // PostgreSQL cannot even compare text holding NUL: refuse control characters up front.
                throw ProblemException.invalidParameter(name, "codes contain no control characters");
            }
            if (c.isEmpty() || !allowed.isEmpty() && !allowed.contains(c)) {
                throw ProblemException.invalidParameter(name, "'" + code + "' is not one of: " + String.join(", ", allowed));
            }
            codes.add(c);
        }
        return List.copyOf(codes);
    }

    /** OGC API Features Part 3: {@code filter} in {@code filter-lang}, geometries in {@code filter-crs} (CRS84 unless said). */
    private static Cql2Filter filter(Layer layer, HttpParameters parameters, Principal principal) {
        Crs crs = Crs.parse(parameters.get("filter-crs"), "filter-crs");
        return Cql2Filters.parse(parameters.get("filter"), parameters.get("filter-lang"), crs.srid(), crs.latitudeFirst(),
                layer.id(), layer.queryables(principal));
    }

    private static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            long limit = Long.parseLong(raw.strip());
            if (limit >= 1) {
                // OGC 17-069r4 §7.15.3: a limit above the maximum is not an error; the maximum applies.
                return (int) Math.min(limit, MAX_LIMIT);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalidParameter("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }
}

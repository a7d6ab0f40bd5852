package org.trucewatch.gis.map;

import io.micronaut.http.HttpParameters;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.trucewatch.geo.Bbox;
import org.trucewatch.geo.TimeInterval;
import org.trucewatch.gis.LayerQueryParser;
import org.trucewatch.mechanisms.IncidentStatus;
import org.trucewatch.mechanisms.Severity;
import org.trucewatch.problem.ProblemException;

/**
 * Parses {@code GET /api/v1/map/incidents}'s query string into a {@link MapQuery}: unknown,
 * repeated or malformed parameters are 400 naming the parameter, as the layers' parser does.
 * Codes are comma-separated lists; a category the caller may not name is refused as unknown.
 */
final class MapQueryParser {
    static final Set<String> KNOWN = new TreeSet<>(List.of("bbox", "zoom", "datetime", "category", "severity", "party",
            "status", "mechanism", "view"));

    private MapQueryParser() {
    }

    static MapQuery parse(HttpParameters parameters, List<String> nameableCategories) {
        for (String name : parameters.names()) {
            if (!KNOWN.contains(name)) {
                throw ProblemException.invalidParameter(name, "unknown parameter; known: " + String.join(", ", KNOWN));
            }
            if (parameters.getAll(name).size() > 1) {
                throw ProblemException.invalidParameter(name, "may be given only once");
            }
        }
        Bbox bbox = Bbox.parse(parameters.get("bbox"), "bbox");
        if (bbox == null) {
            throw ProblemException.invalidParameter("bbox", "is required: minLon,minLat,maxLon,maxLat of the map's view");
        }
        List<String> statuses = codes(parameters, "status",
                Arrays.stream(IncidentStatus.values()).map(IncidentStatus::code).toList());
        List<Integer> severities = codes(parameters, "severity", List.of()).stream().map(MapQueryParser::severity).toList();
        return new MapQuery(bbox, zoom(parameters.get("zoom")), TimeInterval.parse(parameters.get("datetime"), "datetime"),
                codes(parameters, "category", nameableCategories), severities, codes(parameters, "party", List.of()), statuses,
                codes(parameters, "mechanism", List.of()), view(parameters.get("view")));
    }

    private static double zoom(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ProblemException.invalidParameter("zoom", "is required: the map's zoom level, "
                    + (int) MapGrid.MIN_ZOOM + " to " + (int) MapGrid.MAX_ZOOM);
        }
        try {
            double zoom = Double.parseDouble(raw.strip());
            if (zoom >= MapGrid.MIN_ZOOM && zoom <= MapGrid.MAX_ZOOM) {
                return zoom;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalidParameter("zoom", "must be a number from " + (int) MapGrid.MIN_ZOOM + " to "
                + (int) MapGrid.MAX_ZOOM);
    }

    private static int severity(String raw) {
        try {
            int s = Integer.parseInt(raw);
            if (Severity.isValid(s)) {
                return s;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalidParameter("severity", "'" + raw + "' is not a severity: a whole number from " + Severity.MIN + " to " + Severity.MAX);
    }

    private static MapQuery.MapView view(String raw) {
        if (raw == null || raw.isBlank() || raw.strip().equals("clusters")) {
            return MapQuery.MapView.CLUSTERS;
        }
        if (raw.strip().equals("heat")) {
            return MapQuery.MapView.HEAT;
        }
        throw ProblemException.invalidParameter("view", "'" + raw + "' is not one of: clusters, heat");
    }

    /** The comma-separated codes of {@code name} (none: empty), each one of {@code allowed} unless that is empty. */
    private static List<String> codes(HttpParameters parameters, String name, List<String> allowed) {
        String raw = parameters.get(name);
        return raw == null || raw.isBlank() ? List.of() : LayerQueryParser.codes(name, raw, allowed);
    }
}

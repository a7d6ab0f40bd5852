package org.trucewatch.gis.map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpParameters;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trucewatch.access.AccessPolicy;
import org.trucewatch.access.Principal;
import org.trucewatch.access.Redactor;
import org.trucewatch.access.Shape;

/**
 * The incidents map at any volume (docs/gis.md, "The map at volume"): what one caller sees, as
 * the access policy scopes and redacts it, aggregated in PostGIS on a grid whose cells keep one
 * size on screen, answered as an RFC 7946 FeatureCollection. Clusters are points with their
 * counts by status and highest severity; a cell holding one incident is that incident; the heat
 * map's cells are their squares with their counts.
 */
@Singleton
class MapIncidents {
    private final MapRepository cells;
    private final AccessPolicy policy;
    private final Redactor redactor;
    private final ObjectMapper json;

    MapIncidents(MapRepository cells, AccessPolicy policy, Redactor redactor, ObjectMapper json) {
        this.cells = cells;
        this.policy = policy;
        this.redactor = redactor;
        this.json = json;
    }

    ObjectNode read(HttpParameters parameters, Principal principal) {
        MapQuery query = MapQueryParser.parse(parameters, policy.nameableCategories(principal));
        boolean heat = query.view() == MapQuery.MapView.HEAT;
        double size = MapGrid.cellMetres(query.zoom(), heat ? MapGrid.HEAT_PX : MapGrid.CLUSTER_PX);
        List<MapCell> found = cells.cells(policy.scope(principal), query, size);
        ObjectNode fc = json.createObjectNode().put("type", "FeatureCollection");
        fc.put("numberMatched", found.stream().mapToLong(MapCell::count).sum());
        fc.put("cellMetres", size);
        fc.put("view", heat ? "heat" : "clusters");
        ArrayNode features = fc.putArray("features");
        for (MapCell cell : found) {
            features.add(heat ? heatCell(cell) : cluster(cell));
        }
        return fc;
    }

    private ObjectNode cluster(MapCell cell) {
        ObjectNode f = json.createObjectNode().put("type", "Feature");
        f.putObject("geometry").put("type", "Point").putArray("coordinates").add(round(cell.lon())).add(round(cell.lat()));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("count", cell.count());
        p.put("statuses", cell.statuses());
        p.put("maxSeverity", cell.maxSeverity());
        MapCell.Single one = cell.single();
        if (one != null) {
            f.put("id", one.id().toString());
            p.put("category", one.category());
            p.put("status", one.status());
            p.put("severity", one.severity());
            p.put("observedAt", one.observedAt().toInstant().toString());
            p.values().removeIf(v -> v == null);
            // The incident's fields as the policy lets this caller see them (none is confidential today).
            p = redactor.redact(Shape.INCIDENT_ATTRIBUTES, one.visibility(), p);
        }
        f.set("properties", json.valueToTree(p));
        return f;
    }

    private ObjectNode heatCell(MapCell cell) {
        ObjectNode f = json.createObjectNode().put("type", "Feature");
        double[] e = cell.extent();
        ArrayNode ring = f.putObject("geometry").put("type", "Polygon").putArray("coordinates").addArray();
        double[][] corners = {{e[0], e[1]}, {e[2], e[1]}, {e[2], e[3]}, {e[0], e[3]}, {e[0], e[1]}};
        for (double[] c : corners) {
            ring.addArray().add(round(c[0])).add(round(c[1]));
        }
        f.putObject("properties").put("count", cell.count());
        return f;
    }

    /** Seven decimals of a degree: about a centimetre, more than a map needs (RFC 7946 §11.2). */
    private static double round(double degrees) {
        return Math.round(degrees * 1e7) / 1e7;
    }
}

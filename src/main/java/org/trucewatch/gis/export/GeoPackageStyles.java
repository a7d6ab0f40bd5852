package org.trucewatch.gis.export;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.trucewatch.mechanisms.IncidentStatus;
import org.trucewatch.access.Principal;
import org.trucewatch.gis.GeometryKind;
import org.trucewatch.gis.Layer;

/**
 * QGIS styles embedded in a GeoPackage: the {@code layer_styles} table QGIS reads (and writes
 * with "Save style… in database"), one default style per feature table, so a layer opens
 * coloured as in the web app — incidents by status, zones by type (the colours of
 * {@code public/js/style.js}), reports by category (the KML palette). A categorised renderer
 * in QGIS's QML, one category per code the reader may name (labels as the schema's), and a
 * grey one for anything else. The table is registered in {@code gpkg_contents} as attributes,
 * as QGIS does, so validators know it.
 */
final class GeoPackageStyles {
    /** The web app's status colours (public/js/style.js, STATUS_COLOURS). */
    static final Map<String, String> STATUS = codes(Map.of(IncidentStatus.RECEIVED, "#d62728",
            IncidentStatus.TRIAGED, "#ff7f0e", IncidentStatus.UNDER_VERIFICATION, "#bcbd22",
            IncidentStatus.FINDING_RECORDED, "#9467bd", IncidentStatus.ESCALATED, "#e377c2", IncidentStatus.REVIEWED, "#2ca02c",
            IncidentStatus.CLOSED, "#7f7f7f", IncidentStatus.REOPENED, "#8c564b", IncidentStatus.MERGED, "#c7c7c7"));
    /** The web app's zone colours (public/js/style.js, ZONE_STYLES). */
    static final Map<String, String> ZONE_TYPE = Map.of("buffer_zone", "#1f77b4", "area_of_separation", "#17becf",
            "area_of_limitation", "#aec7e8", "cantonment_area", "#2ca02c", "security_zone", "#98df8a",
            "ceasefire_line", "#d62728", "area_of_responsibility", "#555555");
    private static final String OTHER = "#888888";

    private GeoPackageStyles() {
    }

    /** Keyed by the statuses' codes, which only IncidentStatus spells out. */
    private static Map<String, String> codes(Map<IncidentStatus, String> colours) {
        Map<String, String> out = new java.util.HashMap<>();
        colours.forEach((status, colour) -> out.put(status.code(), colour));
        return Map.copyOf(out);
    }

    static void write(Connection c, Layer layer, Principal reader, List<String> tables, List<GeometryKind> kinds)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE layer_styles (id INTEGER PRIMARY KEY, f_table_catalog TEXT(256), f_table_schema TEXT(256), "
                    + "f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT, "
                    + "useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), update_time DATETIME)");
            s.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) VALUES "
                    + "('layer_styles', 'attributes', 'layer_styles', 'QGIS styles', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
        }
        String field = field(layer);
        Map<String, String> codes = field == null ? Map.of() : layer.codes(field, reader);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO layer_styles (f_table_catalog, f_table_schema, "
                + "f_table_name, f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, "
                + "update_time) VALUES ('', '', ?, 'geom', ?, ?, '', 1, ?, '', NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")) {
            for (int i = 0; i < tables.size(); i++) {
                insert.setString(1, tables.get(i));
                insert.setString(2, tables.get(i));
                insert.setString(3, qml(field, codes, kinds.get(i)));
                insert.setString(4, field == null ? "TruceWatch" : "TruceWatch: coloured by " + field + " as in the web app");
                insert.executeUpdate();
            }
        }
    }

    /** The field coloured by: an incident's status and a zone's type as the web app's map; else the first style field. */
    static String field(Layer layer) {
        List<String> fields = layer.styleFields();
        return fields.contains("status") ? "status" : fields.isEmpty() ? null : fields.get(0);
    }

    static String colour(String field, String code, int index) {
        String fixed = "status".equals(field) ? STATUS.get(code) : "type".equals(field) ? ZONE_TYPE.get(code) : null;
        return fixed != null ? fixed : KmlStyles.rgb(index);
    }

    /** QGIS's QML: a categorised renderer over {@code field} with one simple symbol per code. */
    static String qml(String field, Map<String, String> codes, GeometryKind kind) {
        StringBuilder categories = new StringBuilder();
        StringBuilder symbols = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, String> code : codes.entrySet()) {
            String label = code.getValue().isEmpty() ? code.getKey() : code.getValue();
            categories.append("<category render=\"true\" symbol=\"").append(i).append("\" value=\"").append(xml(code.getKey()))
                    .append("\" label=\"").append(xml(label)).append("\"/>");
            symbols.append(symbol(i, kind, colour(field, code.getKey(), i)));
            i++;
        }
        categories.append("<category render=\"true\" symbol=\"").append(i).append("\" value=\"\" label=\"other\"/>");
        symbols.append(symbol(i, kind, OTHER));
        String renderer = field == null ? "<renderer-v2 type=\"singleSymbol\"><symbols>" + symbol(0, kind, OTHER)
                + "</symbols></renderer-v2>"
                : "<renderer-v2 type=\"categorizedSymbol\" attr=\"" + xml(field) + "\" symbollevels=\"0\" enableorderby=\"0\" "
                + "forceraster=\"0\"><categories>" + categories + "</categories><symbols>" + symbols + "</symbols></renderer-v2>";
        return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'><qgis version=\"3.22.0\" "
                + "styleCategories=\"Symbology\">" + renderer + "</qgis>";
    }

    private static String symbol(int name, GeometryKind kind, String hex) {
        String rgb = Integer.parseInt(hex.substring(1, 3), 16) + "," + Integer.parseInt(hex.substring(3, 5), 16) + ","
                + Integer.parseInt(hex.substring(5, 7), 16);
        String layer = switch (kind) {
            case POINTS -> "<layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">" + prop("name", "circle")
                    + prop("color", rgb + ",255") + prop("size", "3") + prop("outline_color", "35,35,35,255")
                    + prop("outline_width", "0.2") + "</layer>";
            case LINES -> "<layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">" + prop("line_color", rgb + ",255")
                    + prop("line_width", "0.8") + "</layer>";
            case AREAS -> "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">" + prop("color", rgb + ",64")
                    + prop("style", "solid") + prop("outline_color", rgb + ",255") + prop("outline_width", "0.5") + "</layer>";
        };
        String type = switch (kind) {
            case POINTS -> "marker";
            case LINES -> "line";
            case AREAS -> "fill";
        };
        return "<symbol type=\"" + type + "\" name=\"" + name + "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">" + layer
                + "</symbol>";
    }

    private static String prop(String k, String v) {
        return "<prop k=\"" + k + "\" v=\"" + v + "\"/>";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}

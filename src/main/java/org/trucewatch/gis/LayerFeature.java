package org.trucewatch.gis;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;
import org.trucewatch.geo.GeoJsonWriter;

/**
 * One feature as every outlet writes it: the id, the geometry in the requested CRS (JTS,
 * coordinates in that CRS's axis order; may be null when it has no position there) and the
 * attribute values keyed by {@link LayerField#name()}, already redacted for the caller
 * (a confidential value the caller may not see is absent, never present and blank). Every
 * outlet writes every field of the reader's schema, null (or empty) where a feature has no
 * value, so that a client building its schema from the first features (GDAL, QGIS) gets all
 * of them; and every outlet writes times in UTC ({@link #utc}).
 */
public record LayerFeature(String id, Geometry geometry, Map<String, Object> properties) {

    /**
     * Opens this feature as a GeoJSON Feature ({@link GeoJsonWriter}) with {@code decimals} and,
     * as its properties, the values of {@code fields} it has, in schema order. Add members of
     * your own (such as links), then close it with {@code writeEndObject()}.
     */
    public void startGeoJson(JsonGenerator g, List<LayerField> fields, int decimals) throws IOException {
        GeoJsonWriter.startFeature(g, id, geometry, decimals);
        g.writeObjectFieldStart("properties");
        for (LayerField field : fields) {
            Object v = properties.get(field.name());
            g.writeFieldName(field.name());
            if (v == null) {
                g.writeNull();
            } else {
                value(g, v);
            }
        }
        g.writeEndObject();
    }

    /** A time as every GIS outlet writes it: ISO 8601 in UTC ({@code 2026-03-01T03:42:00Z}). */
    public static String utc(OffsetDateTime t) {
        return t.toInstant().toString();
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof OffsetDateTime t) {
            g.writeString(utc(t));
        } else {
            g.writeString(String.valueOf(v));
        }
    }
}

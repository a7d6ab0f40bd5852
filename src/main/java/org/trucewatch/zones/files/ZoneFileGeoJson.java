package org.trucewatch.zones.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.trucewatch.geo.ToWgs84;
import org.trucewatch.geo.Wgs84;
import org.trucewatch.problem.FieldError;

/**
 * Reads a GeoJSON FeatureCollection. RFC 7946 files are WGS 84 longitude/latitude; a
 * 2008-style named {@code crs} member ({@code urn:ogc:def:crs:EPSG::3857}, {@code EPSG:32637})
 * is still honoured, because files exported from older tools carry one.
 */
public final class ZoneFileGeoJson {
    static final Pattern EPSG = Pattern.compile("(?i)(?:urn:ogc:def:crs:EPSG:[^:]*:|EPSG:)(\\d+)");
    private static final Pattern CRS84 = Pattern.compile("(?i)urn:ogc:def:crs:OGC:[^:]*:CRS84|OGC:CRS84|EPSG:4326");

    private ZoneFileGeoJson() {
    }

    /** The features, and the transformation their CRS needs; file-level faults go to {@code errors}. */
    public static ZoneFile read(byte[] content, ObjectMapper mapper, List<FieldError> errors) {
        return read(content, null, mapper, errors);
    }

    /** As {@link #read(byte[], ObjectMapper, List)}; {@code named} is the CRS the import names for a file without one. */
    public static ZoneFile read(byte[] content, String named, ObjectMapper mapper, List<FieldError> errors) {
        JsonNode root;
        try {
            root = mapper.readTree(content);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            errors.add(FieldError.at("", "not well-formed JSON: " + e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            errors.add(FieldError.at("", "not readable: " + e.getMessage()));
            return null;
        }
        if (root == null || !root.isObject() || !"FeatureCollection".equals(root.path("type").asText())) {
            errors.add(FieldError.at("/type", "a zone file is a GeoJSON FeatureCollection"));
            return null;
        }
        JsonNode declared = root.get("crs");
        ToWgs84 crs;
        if (named != null && (declared == null || declared.isNull())) {
            crs = ZoneFile.named(named, errors);
        } else {
            crs = crs(declared, errors);
            if (crs != null && named != null && !sameCrs(crs, ZoneFile.named(named, errors))) {
                errors.add(FieldError.parameter("crs", "the file says its CRS is " + crs.crsLabel()
                        + "; the crs parameter names another"));
                crs = null;
            }
        }
        JsonNode features = root.get("features");
        if (features == null || !features.isArray()) {
            errors.add(FieldError.at("/features", "must be an array of Features"));
            return null;
        }
        if (crs == null) {
            return null;
        }
        GeoJsonReader reader = new GeoJsonReader(Wgs84.FACTORY);
        List<RawZoneFeature> out = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            JsonNode feature = features.get(i);
            if (!feature.isObject() || !"Feature".equals(feature.path("type").asText())) {
                errors.add(FieldError.at("/features/" + i, "must be a GeoJSON Feature"));
                continue;
            }
            JsonNode properties = feature.get("properties");
            ObjectNode props = properties != null && properties.isObject() ? (ObjectNode) properties.deepCopy()
                    : mapper.createObjectNode();
            if (!props.has("code") && feature.path("id").isTextual()) {
                props.put("code", feature.path("id").asText());
            }
            JsonNode geometry = feature.get("geometry");
            Geometry g = null;
            String problem = null;
            if (geometry == null || geometry.isNull()) {
                problem = "a zone needs a geometry";
            } else {
                try {
                    g = reader.read(geometry.toString());
                } catch (ParseException | RuntimeException e) {
                    problem = "not a readable GeoJSON geometry: " + e.getMessage();
                }
            }
            out.add(new RawZoneFeature(i, "feature " + i, props, g, problem));
        }
        return new ZoneFile(crs, out);
    }

    static boolean sameCrs(ToWgs84 a, ToWgs84 b) {
        return b == null || java.util.Objects.equals(a.crsCode(), b.crsCode());
    }

    private static ToWgs84 crs(JsonNode crs, List<FieldError> errors) {
        if (crs == null || crs.isNull()) {
            return ToWgs84.identity();
        }
        String name = crs.path("properties").path("name").asText("");
        if (CRS84.matcher(name).matches()) {
            return ToWgs84.identity();
        }
        Matcher m = EPSG.matcher(name);
        if (m.matches()) {
            try {
                return ToWgs84.from("EPSG", Long.parseLong(m.group(1)));
            } catch (IllegalArgumentException e) {
                errors.add(FieldError.at("/crs", e.getMessage()));
                return null;
            }
        }
        errors.add(FieldError.at("/crs", "only a named EPSG CRS is understood here (e.g. urn:ogc:def:crs:EPSG::3857);"
                + " RFC 7946 files carry no crs and are WGS 84"));
        return null;
    }
}

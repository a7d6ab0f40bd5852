package org.trucewatch.zones.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureResultSet;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.trucewatch.geo.ToWgs84;
import org.trucewatch.geo.Wgs84;
import org.trucewatch.problem.FieldError;

/**
 * Reads one feature layer of a GeoPackage (OGC 12-128r18) with NGA's library. Columns become
 * properties; a text value that is a JSON object or array (a {@code name} like
 * {@code {"en":…}}, a {@code sides} object) is read as JSON. The layer's CRS comes from
 * {@code gpkg_spatial_ref_sys}: its EPSG code, else its WKT definition.
 */
public final class ZoneFileGeoPackage {
    static final byte[] MAGIC = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private ZoneFileGeoPackage() {
    }

    public static boolean looksLikeOne(byte[] content) {
        if (content.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (content[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    public static ZoneFile read(byte[] content, String layer, ObjectMapper mapper, List<FieldError> errors) {
        return read(content, layer, null, mapper, errors);
    }

    /** As {@link #read(byte[], String, ObjectMapper, List)}; {@code named} is the CRS the import names for an undefined one. */
    public static ZoneFile read(byte[] content, String layer, String named, ObjectMapper mapper,
                                List<FieldError> errors) {
        Path file = null;
        try {
            file = Files.createTempFile("trucewatch-zones-", ".gpkg");
            Files.write(file, content);
            return read(file.toFile(), layer, named, mapper, errors);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    private static ZoneFile read(File file, String layer, String named, ObjectMapper mapper, List<FieldError> errors) {
        GeoPackage geoPackage;
        try {
            geoPackage = GeoPackageManager.open(file, false);
        } catch (RuntimeException e) {
            errors.add(FieldError.at("", "not a readable GeoPackage: " + e.getMessage()));
            return null;
        }
        try (geoPackage) {
            List<String> layers = geoPackage.getFeatureTables();
            String table = layer;
            if (table == null || table.isBlank()) {
                if (layers.size() != 1) {
                    errors.add(FieldError.parameter("layer", "the GeoPackage has " + layers.size()
                            + " feature layers " + layers + "; name the one to import"));
                    return null;
                }
                table = layers.get(0);
            } else if (!layers.contains(table)) {
                errors.add(FieldError.parameter("layer", "no feature layer '" + table + "'; the layers are " + layers));
                return null;
            }
            FeatureDao dao = geoPackage.getFeatureDao(table);
            SpatialReferenceSystem srs = dao.getSrs();
            boolean undefined = srs == null || srs.getSrsId() <= 0;
            ToWgs84 crs = named != null && undefined ? ZoneFile.named(named, errors) : crs(srs, errors);
            if (crs != null && named != null && !undefined && !ZoneFileGeoJson.sameCrs(crs, ZoneFile.named(named, errors))) {
                errors.add(FieldError.parameter("crs", "the layer's CRS is " + crs.crsLabel()
                        + "; the crs parameter names another"));
                return null;
            }
            if (crs == null) {
                return null;
            }
            return new ZoneFile(crs, features(dao, mapper));
        } catch (RuntimeException e) {
            errors.add(FieldError.at("", "the GeoPackage cannot be read: " + e.getMessage()));
            return null;
        }
    }

    private static ToWgs84 crs(SpatialReferenceSystem srs, List<FieldError> errors) {
        try {
            return ToWgs84.from(srs.getOrganization(), srs.getOrganizationCoordsysId(), srs.getDefinition_12_063(),
                    srs.getDefinition());
        } catch (IllegalArgumentException e) {
            errors.add(FieldError.at("/crs", e.getMessage()));
            return null;
        }
    }

    private static List<RawZoneFeature> features(FeatureDao dao, ObjectMapper mapper) {
        List<RawZoneFeature> out = new ArrayList<>();
        WKBReader wkb = new WKBReader(Wgs84.FACTORY);
        FeatureResultSet rows = dao.queryForAll();
        try {
            int index = 0;
            while (rows.moveToNext()) {
                FeatureRow row = rows.getRow();
                ObjectNode properties = mapper.createObjectNode();
                for (FeatureColumn column : row.getTable().getColumns()) {
                    if (!column.isGeometry() && !column.isPrimaryKey()) {
                        properties.set(column.getName(), value(row.getValue(column.getName()), mapper));
                    }
                }
                Geometry geometry = null;
                String problem = null;
                GeoPackageGeometryData data = row.getGeometry();
                try {
                    byte[] bytes = data == null || data.isEmpty() ? null : data.getWkb();
                    if (bytes == null) {
                        problem = "a zone needs a geometry";
                    } else {
                        geometry = wkb.read(bytes);
                    }
                } catch (IOException | ParseException | RuntimeException e) {
                    problem = "unreadable geometry: " + e.getMessage();
                }
                out.add(new RawZoneFeature(index++, "fid " + row.getId(), properties, geometry, problem));
            }
        } finally {
            rows.close();
        }
        return out;
    }

    private static JsonNode value(Object value, ObjectMapper mapper) {
        if (value instanceof String text) {
            String t = text.strip();
            if (t.startsWith("{") || t.startsWith("[")) {
                try {
                    return mapper.readTree(t);
                } catch (IOException notJson) {
                    // kept as text
                }
            }
            return mapper.getNodeFactory().textNode(text);
        }
        return mapper.valueToTree(value);
    }
}

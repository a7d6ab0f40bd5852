package org.trucewatch.zones.files;

import java.util.List;
import org.trucewatch.geo.ToWgs84;

/** The features of a zone file and how to bring them to WGS 84. */
public record ZoneFile(ToWgs84 crs, List<RawZoneFeature> features) {

    public ZoneFile withCrs(ToWgs84 other) {
        return new ZoneFile(other, features);
    }

    /**
     * The CRS an import names for a file that carries none ({@code EPSG:21897},
     * {@code urn:ogc:def:crs:EPSG::21897}); a fault goes to {@code errors} under the
     * parameter {@code crs}.
     */
    public static ToWgs84 named(String crs, List<org.trucewatch.problem.FieldError> errors) {
        java.util.regex.Matcher m = ZoneFileGeoJson.EPSG.matcher(crs.strip());
        if (!m.matches()) {
            errors.add(org.trucewatch.problem.FieldError.parameter("crs", "'" + crs
                    + "' is not an EPSG CRS; give it as EPSG:21897 or urn:ogc:def:crs:EPSG::21897"));
            return null;
        }
        try {
            return ToWgs84.from("EPSG", Long.parseLong(m.group(1)));
        } catch (IllegalArgumentException | ArithmeticException e) {
            errors.add(org.trucewatch.problem.FieldError.parameter("crs", e.getMessage()));
            return null;
        }
    }
}

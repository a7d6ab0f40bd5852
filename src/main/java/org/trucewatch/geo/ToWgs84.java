package org.trucewatch.geo;

import java.util.Set;
import org.apache.sis.referencing.CRS;
import org.apache.sis.referencing.CommonCRS;
import org.apache.sis.referencing.crs.AbstractCRS;
import org.apache.sis.referencing.cs.AxesConvention;
import org.locationtech.jts.geom.Geometry;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.opengis.referencing.operation.MathTransform;
import org.opengis.util.FactoryException;

/**
 * Transforms geometries from a file's CRS into WGS 84 longitude/latitude with Apache SIS.
 *
 * <p>SIS without the optional EPSG database knows only part of the EPSG registry (WGS 84 and
 * its UTM zones, among others), so a CRS is found in this order: the EPSG code; then, for
 * the web Pseudo-Mercator (EPSG:3857 and its old aliases), a definition written here; then
 * the file's own WKT definition. The Pseudo-Mercator is special-cased because the WKT 1 that
 * GeoPackage writers store for it says {@code Mercator_1SP} on the WGS 84 ellipsoid, which a
 * faithful reader turns into the ellipsoidal Mercator: 19 km off at 33°N.
 */
public final class ToWgs84 {
    private static final Set<Long> PSEUDO_MERCATOR = Set.of(3857L, 900913L, 3785L, 102100L, 102113L);
    private static final String PSEUDO_MERCATOR_WKT = "PROJCRS[\"WGS 84 / Pseudo-Mercator\","
            + "BASEGEODCRS[\"WGS 84\",DATUM[\"World Geodetic System 1984\",ELLIPSOID[\"WGS 84\",6378137,298.257223563]],"
            + "UNIT[\"degree\",0.0174532925199433]],CONVERSION[\"Popular Visualisation Pseudo-Mercator\","
            + "METHOD[\"Popular Visualisation Pseudo Mercator\"],PARAMETER[\"Latitude of natural origin\",0],"
            + "PARAMETER[\"Longitude of natural origin\",0],PARAMETER[\"False easting\",0],"
            + "PARAMETER[\"False northing\",0]],CS[Cartesian,2],AXIS[\"easting (X)\",east],"
            + "AXIS[\"northing (Y)\",north],LENGTHUNIT[\"metre\",1],ID[\"EPSG\",3857]]";

    private final MathTransform transform;
    private final String name;

    private ToWgs84(MathTransform transform, String name) {
        this.transform = transform;
        this.name = name;
    }

    /** Already WGS 84 longitude/latitude: no transformation. */
    public static ToWgs84 identity() {
        return new ToWgs84(null, "WGS 84");
    }

    /**
     * The transformation from the CRS named by {@code authority:code} or defined by one of the
     * WKT {@code definitions} (blank ones skipped). Axis order follows the GeoPackage and
     * GeoJSON rule, x = easting or longitude.
     *
     * @throws IllegalArgumentException naming the CRS when SIS cannot resolve it
     */
    public static ToWgs84 from(String authority, Long code, String... definitions) {
        CoordinateReferenceSystem crs = resolve(authority, code, definitions);
        if (crs == null) {
            throw new IllegalArgumentException("unknown coordinate reference system " + authority + ":" + code
                    + "; give it as EPSG:4326, a UTM zone, EPSG:3857, or with a WKT definition");
        }
        try {
            CoordinateReferenceSystem source = AbstractCRS.castOrCopy(crs).forConvention(AxesConvention.RIGHT_HANDED);
            CoordinateReferenceSystem target = CommonCRS.WGS84.normalizedGeographic();
            MathTransform transform = CRS.findOperation(source, target, null).getMathTransform();
            return new ToWgs84(transform.isIdentity() ? null : transform, crs.getName().getCode());
        } catch (FactoryException e) {
            throw new IllegalArgumentException("no transformation from " + crs.getName().getCode() + " to WGS 84: "
                    + e.getMessage(), e);
        }
    }

    private static CoordinateReferenceSystem resolve(String authority, Long code, String... definitions) {
        if (code != null && authority != null && authority.equalsIgnoreCase("EPSG")) {
            if (PSEUDO_MERCATOR.contains(code)) {
                return parse(PSEUDO_MERCATOR_WKT);
            }
            try {
                return CRS.forCode("EPSG:" + code);
            } catch (FactoryException notInSisSubset) {
                // fall through to the file's own definition
            }
        }
        for (String definition : definitions) {
            if (definition != null && !definition.isBlank() && !definition.strip().equalsIgnoreCase("undefined")) {
                CoordinateReferenceSystem crs = parse(definition);
                if (crs != null) {
                    return crs;
                }
            }
        }
        return null;
    }

    private static CoordinateReferenceSystem parse(String wkt) {
        try {
            return CRS.fromWKT(wkt);
        } catch (FactoryException | RuntimeException e) {
            return null;
        }
    }

    public String crsName() {
        return name;
    }

    /** A copy of {@code geometry} in WGS 84 longitude/latitude with SRID 4326. */
    public Geometry apply(Geometry geometry) {
        Geometry copy = Wgs84.FACTORY.createGeometry(geometry);
        if (transform == null) {
            return copy;
        }
        Transforms.inPlace(copy, transform, "to WGS 84");
        return copy;
    }
}

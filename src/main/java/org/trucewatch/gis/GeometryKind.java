package org.trucewatch.gis;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.trucewatch.geo.Wgs84;

/**
 * The three kinds of geometry a desktop layer may hold one of (QGIS types a layer from its
 * first feature; a Shapefile holds one shape type): points, lines, areas, by topological
 * dimension (PostGIS {@code ST_Dimension}: 0, 1, 2). A layer whose rows may be multi-part
 * (zones) declares the Multi type and promotes single parts, as GDAL's
 * {@code -nlt PROMOTE_TO_MULTI} does, so every feature of the layer has the declared type.
 */
public enum GeometryKind {
    POINTS("points", "points", 0, "Point"),
    LINES("lines", "lines", 1, "LineString"),
    AREAS("areas", "areas", 2, "Polygon");

    private final String suffix;
    private final String title;
    private final int dimension;
    private final String type;

    GeometryKind(String suffix, String title, int dimension, String type) {
        this.suffix = suffix;
        this.title = title;
        this.dimension = dimension;
        this.type = type;
    }

    /** What a per-kind layer's id ends with: {@code reports-points}, files {@code reports_points}. */
    public String suffix() {
        return suffix;
    }

    public String title() {
        return title;
    }

    /** PostGIS {@code ST_Dimension} of this kind's geometries. */
    public int dimension() {
        return dimension;
    }

    /** The GeoJSON / Simple Features type name of the layer's features (Multi… when {@code multi}). */
    public String type(boolean multi) {
        return multi ? "Multi" + type : type;
    }

    /** The kind of a geometry, by its dimension. */
    public static GeometryKind of(Geometry g) {
        int d = g.getDimension();
        return d >= 2 ? AREAS : d == 1 ? LINES : POINTS;
    }

    /** The geometry as a feature of a layer of this kind: single parts promoted when the layer is multi. */
    public Geometry normalise(Geometry g, boolean multi) {
        if (g == null || !multi) {
            return g;
        }
        Geometry out = g;
        if (g instanceof Point p) {
            out = Wgs84.FACTORY.createMultiPoint(new Point[] {p});
        } else if (g instanceof Polygon p) {
            out = Wgs84.FACTORY.createMultiPolygon(new Polygon[] {p});
        } else if (g instanceof LineString l) {
            out = Wgs84.FACTORY.createMultiLineString(new LineString[] {l});
        }
        out.setSRID(g.getSRID());
        return out;
    }
}

package org.trucewatch.geo;

import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;

/** The one {@link GeometryFactory} of the service: WGS 84 longitude/latitude, SRID 4326. */
public final class Wgs84 {
    public static final int SRID = 4326;
    public static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), SRID);

    private Wgs84() {
    }
}

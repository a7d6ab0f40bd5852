package org.trucewatch.gis;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;

/** Swaps x and y in place: CRS84 longitude/latitude into EPSG:4326 latitude/longitude. */
final class AxisSwap implements CoordinateSequenceFilter {
    static final AxisSwap INSTANCE = new AxisSwap();

    @Override
    public void filter(CoordinateSequence seq, int i) {
        double x = seq.getX(i);
        seq.setOrdinate(i, 0, seq.getY(i));
        seq.setOrdinate(i, 1, x);
    }

    @Override
    public boolean isDone() {
        return false;
    }

    @Override
    public boolean isGeometryChanged() {
        return true;
    }
}

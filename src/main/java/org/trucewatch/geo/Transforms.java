package org.trucewatch.geo;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.opengis.referencing.operation.MathTransform;
import org.opengis.referencing.operation.TransformException;

/** Applies an Apache SIS coordinate operation to every position of a JTS geometry, in place. */
final class Transforms {
    private Transforms() {
    }

    /**
     * Transforms {@code geometry}'s positions (x, y) with {@code transform}; a position SIS
     * cannot transform is reported with its coordinates and {@code target} (e.g. "to WGS 84").
     */
    static void inPlace(Geometry geometry, MathTransform transform, String target) {
        inPlace(geometry, xy -> transform.transform(xy, 0, xy, 0, 1), target);
    }

    /** Moves one position, {@code xy} = (x, y), in place. */
    @FunctionalInterface
    interface Position {
        void move(double[] xy) throws TransformException;
    }

    /** Applies {@code position} to every (x, y) of {@code geometry}; a failure names the position and {@code target}. */
    static void inPlace(Geometry geometry, Position position, String target) {
        geometry.apply(new CoordinateSequenceFilter() {
            private final double[] buffer = new double[2];

            @Override
            public void filter(CoordinateSequence seq, int i) {
                buffer[0] = seq.getX(i);
                buffer[1] = seq.getY(i);
                try {
                    position.move(buffer);
                } catch (TransformException e) {
                    throw new IllegalArgumentException("position " + seq.getX(i) + " " + seq.getY(i)
                            + " cannot be transformed " + target + ": " + e.getMessage(), e);
                }
                seq.setOrdinate(i, 0, buffer[0]);
                seq.setOrdinate(i, 1, buffer[1]);
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
    }
}

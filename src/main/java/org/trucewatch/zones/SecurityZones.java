package org.trucewatch.zones;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.operation.buffer.BufferOp;
import org.locationtech.jts.operation.buffer.BufferParameters;
import org.trucewatch.geo.LocalMetricFrame;
import org.trucewatch.geo.Wgs84;

/**
 * Derives a cantonment area's security zone: every point within {@code securityZoneM}
 * metres on the ground of the area, less the area itself.
 *
 * <p>The buffer is made in a scale-1 transverse Mercator centred on the area (see
 * {@link LocalMetricFrame}), not with PostGIS {@code ST_Buffer(geography)}: that one picks a
 * UTM zone (scale 0.9996 to ~1.001, up to a metre off at 1 km) and approximates a quarter
 * circle with 8 chords (19 m inside the true circle at 1 km). Here the number of chords is
 * chosen so that no chord lies more than {@link #CHORD_TOLERANCE_M} inside the circle, and
 * the area is subtracted in longitude/latitude so the inner ring is the area's own boundary.
 */
final class SecurityZones {
    /** How far inside the true 1 km circle a chord may pass: well below the metre a user checks. */
    static final double CHORD_TOLERANCE_M = 0.05;

    private SecurityZones() {
    }

    static Geometry derive(Geometry area, double metres) {
        if (area.getEnvelopeInternal().getMinX() <= -180 || area.getEnvelopeInternal().getMaxX() >= 180) {
            throw new IllegalArgumentException("security zones of areas on the antimeridian are not supported");
        }
        Envelope box = area.getEnvelopeInternal();
        LocalMetricFrame frame = LocalMetricFrame.around(box.centre().x, box.centre().y);
        BufferParameters parameters = new BufferParameters(quadrantSegments(metres), BufferParameters.CAP_ROUND,
                BufferParameters.JOIN_ROUND, BufferParameters.DEFAULT_MITRE_LIMIT);
        Geometry outer = frame.toWgs84(BufferOp.bufferOp(frame.toMetres(area), metres, parameters));
        Geometry ring = outer.difference(area);
        if (!(ring instanceof Polygonal) || !ring.isValid()) {
            ring = org.locationtech.jts.geom.util.GeometryFixer.fix(ring);
        }
        ring.setSRID(Wgs84.SRID);
        return ring;
    }

    /** Chords per quarter circle so that each lies at most the tolerance inside a circle of this radius. */
    static int quadrantSegments(double radius) {
        double halfAngle = Math.acos(1 - CHORD_TOLERANCE_M / radius);
        return (int) Math.max(8, Math.min(512, Math.ceil(Math.PI / (4 * halfAngle))));
    }
}

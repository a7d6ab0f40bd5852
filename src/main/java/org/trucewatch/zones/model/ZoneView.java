package org.trucewatch.zones.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.locationtech.jts.geom.Geometry;

/**
 * A zone version as the rest of the service sees it. {@code name} maps language tags to
 * labels ({@code {"en": …, "fr": …, "ar": …}}); {@code derivedFrom} is the cantonment
 * area's code for a security zone. The geometry is WGS 84 longitude/latitude, edges
 * great-circle arcs no longer than {@link org.trucewatch.geo.GreatCircleDensifier#MAX_EDGE_M}.
 */
public record ZoneView(String code, ZoneType type, String mechanism, int version, ObjectNode name,
                       ObjectNode properties, Geometry geometry, Instant validFrom, Instant validTo,
                       String derivedFrom, Instant recordedAt, ObjectNode placement) {
}

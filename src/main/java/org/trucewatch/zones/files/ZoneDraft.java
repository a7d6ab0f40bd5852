package org.trucewatch.zones.files;

import org.trucewatch.zones.model.ZoneType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.locationtech.jts.geom.Geometry;

/**
 * A checked feature ready to store: WGS 84, valid, densified. {@code repaired} says what was
 * mended, if anything; {@code transformations} how its coordinates reached WGS 84.
 */
public record ZoneDraft(int index, String code, ZoneType type, String mechanism, ObjectNode name, ObjectNode properties,
                 Geometry geometry, Instant validFrom, Instant validTo, String repaired,
                 java.util.List<org.trucewatch.geo.Transformation> transformations) {
}

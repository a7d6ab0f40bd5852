package org.trucewatch.gis;

import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * One feature as every outlet writes it: the id, the geometry in the requested CRS (JTS,
 * coordinates in that CRS's axis order; may be null when it has no position there) and the
 * attribute values keyed by {@link LayerField#name()}, already redacted for the caller
 * (a confidential value the caller may not see is absent, never present and blank).
 */
public record LayerFeature(String id, Geometry geometry, Map<String, Object> properties) {
}

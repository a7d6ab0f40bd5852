package org.trucewatch.zones.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.locationtech.jts.geom.Geometry;

/**
 * One feature as a file holds it: its properties and its geometry in the file's CRS, or why
 * the geometry could not be read. {@code where} names it for people (e.g. "fid 12").
 */
public record RawZoneFeature(int index, String where, ObjectNode properties, Geometry geometry, String geometryProblem) {
}

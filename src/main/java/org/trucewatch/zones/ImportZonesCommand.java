package org.trucewatch.zones;

import java.time.Instant;

/**
 * A zone file to import: a GeoJSON FeatureCollection (RFC 7946, or with a 2008-style named
 * {@code crs}) or a GeoPackage, told apart by content. {@code mechanism} is the mechanism
 * the import is for: features without one get it, features naming another are refused.
 * {@code layer} picks a GeoPackage layer (needed when it has several). {@code repair} lets
 * invalid areas be mended with JTS's GeometryFixer, each repair reported; without it they
 * are refused. {@code validFrom} starts new versions whose feature gives no start (default:
 * the time of import).
 */
public record ImportZonesCommand(String fileName, byte[] content, String mechanism, String layer, boolean repair,
                                 Instant validFrom, String importedBy) {
}

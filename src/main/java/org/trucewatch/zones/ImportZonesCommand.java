package org.trucewatch.zones;

import java.time.Instant;

/**
 * A zone file to import: a GeoJSON FeatureCollection (RFC 7946, or with a 2008-style named
 * {@code crs}) or a GeoPackage, told apart by content. {@code mechanism} is the mechanism
 * the import is for: features without one get it, features naming another are refused.
 * {@code layer} picks a GeoPackage layer (needed when it has several). {@code repair} lets
 * invalid areas be mended with JTS's GeometryFixer, each repair reported; without it they
 * are refused. {@code validFrom} starts new versions whose feature gives no start (default:
 * the time of import). {@code crs} says how coordinates reach WGS 84 (see {@link CrsOptions}).
 */
public record ImportZonesCommand(String fileName, byte[] content, String mechanism, String layer, boolean repair,
                                 Instant validFrom, String importedBy, CrsOptions crs) {

    public ImportZonesCommand(String fileName, byte[] content, String mechanism, String layer, boolean repair,
                              Instant validFrom, String importedBy) {
        this(fileName, content, mechanism, layer, repair, validFrom, importedBy, CrsOptions.NONE);
    }

    public ImportZonesCommand {
        crs = crs == null ? CrsOptions.NONE : crs;
    }

    /**
     * How the file's coordinates reach WGS 84. {@code crs} names the CRS of a file that
     * cannot carry one (a GeoJSON without {@code crs} member written in projected
     * coordinates), e.g. {@code EPSG:21897}; a file that names another is refused.
     * {@code transformation} names the EPSG datum transformation to apply instead of the one
     * chosen by area of use; {@code acceptAccuracyM} accepts, explicitly, transformations
     * whose stated accuracy is worse than the service's limit, up to that many metres. Either
     * is recorded with each zone version and in the audit chain.
     */
    public record CrsOptions(String crs, String transformation, Double acceptAccuracyM) {
        public static final CrsOptions NONE = new CrsOptions(null, null, null);
    }
}

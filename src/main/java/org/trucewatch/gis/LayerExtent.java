package org.trucewatch.gis;

import java.time.Instant;

/** A layer's extent in CRS84 and time; all null when the caller sees no feature. */
public record LayerExtent(Double minLon, Double minLat, Double maxLon, Double maxLat, Instant start, Instant end) {

    public static final LayerExtent EMPTY = new LayerExtent(null, null, null, null, null, null);

    public boolean hasBbox() {
        return minLon != null;
    }
}

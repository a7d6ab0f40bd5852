package org.trucewatch.gis.map;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.trucewatch.access.Visibility;

/**
 * One non-empty cell of the map's grid: how many incidents it holds, by status, their highest
 * severity, their mean position (CRS84) and the cell's extent (CRS84: west, south, east, north).
 * When it holds exactly one incident, that incident's own fields and the caller's visibility of it.
 */
record MapCell(long count, Map<String, Long> statuses, int maxSeverity, double lon, double lat, double[] extent,
               Single single) {

    /** The one incident of a cell that holds one. */
    record Single(UUID id, String category, String status, int severity, OffsetDateTime observedAt,
                  Visibility visibility) {
    }
}
